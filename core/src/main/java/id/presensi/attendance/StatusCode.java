package id.presensi.attendance;

import id.presensi.rules.LeaveType;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The status codes of a day as recaps count them, in the recaps' column order. The one list of them: the
 * attendance table's check constraint is tested against it, and reports, deductions and the rule read it.
 */
public enum StatusCode {
    H(Kind.PRESENT),
    TL1(Kind.LATE), TL2(Kind.LATE), TL3(Kind.LATE), TL4(Kind.LATE),
    PSW1(Kind.EARLY), PSW2(Kind.EARLY), PSW3(Kind.EARLY), PSW4(Kind.EARLY),
    TK(Kind.ABSENT),
    CT(Kind.LEAVE), CS(Kind.LEAVE), CB(Kind.LEAVE), CM(Kind.LEAVE), CAP(Kind.LEAVE), CLTN(Kind.LEAVE),
    S(Kind.LEAVE), I(Kind.LEAVE), DL(Kind.LEAVE), TB(Kind.LEAVE),
    LIBUR(Kind.DAY_OFF),
    /** Tidak apel: a required apel or ceremony missed, beside the day's own codes; its cost is the rule file's tidak_apel. */
    TA(Kind.APEL),
    /** A working day still in progress (a window not yet closed): never counted, replaced once the day is over. */
    BELUM(Kind.PROVISIONAL);

    /** What a code says about the day: the groups reports count. */
    public enum Kind { PRESENT, LATE, EARLY, ABSENT, LEAVE, DAY_OFF, APEL, PROVISIONAL }

    private final Kind kind;

    StatusCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a regency's deduction table may put a rate on it (TL1-4, PSW1-4, TK). */
    public boolean deductible() {
        return kind == Kind.LATE || kind == Kind.EARLY || kind == Kind.ABSENT;
    }

    private static final StatusCode[] LATE = {TL1, TL2, TL3, TL4};
    private static final StatusCode[] EARLY = {PSW1, PSW2, PSW3, PSW4};

    /** TL1-TL4 for a band 1-4. */
    public static StatusCode late(int band) {
        return LATE[band - 1];
    }

    /** PSW1-PSW4 for a band 1-4. */
    public static StatusCode early(int band) {
        return EARLY[band - 1];
    }

    public static StatusCode of(LeaveType leave) {
        return valueOf(leave.name());
    }

    /** The codes that are a column of the monthly recap: every one but the provisional BELUM. */
    public static List<StatusCode> recapColumns() {
        return Arrays.stream(values()).filter(c -> c.kind != Kind.PROVISIONAL).toList();
    }

    public static List<StatusCode> deductibles() {
        return Arrays.stream(values()).filter(StatusCode::deductible).toList();
    }

    /** The code named by a stored or typed text, if it is one. */
    public static Optional<StatusCode> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.name().equals(text)).findFirst();
    }
}
