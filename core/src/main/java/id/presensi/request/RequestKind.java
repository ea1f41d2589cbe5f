package id.presensi.request;

import id.presensi.checkin.PunchType;
import id.presensi.rules.LeaveType;

import java.util.Optional;

/**
 * What an employee asks for from the phone: an absence with a reason (izin, sakit, dinas luar), approved as
 * leave, or a correction of a punch (forgotten, or made off site), approved as a punch at the time asked for.
 */
public enum RequestKind {
    I("izin", LeaveType.I, null),
    S("sakit", LeaveType.S, null),
    DL("dinas luar", LeaveType.DL, null),
    /** Cuti tahunan: refused beyond the employee's balance (LeaveBalances), recorded as CT leave when approved. */
    CT("cuti tahunan", LeaveType.CT, null),
    LUPA_MASUK("lupa presensi masuk", null, PunchType.IN),
    LUPA_PULANG("lupa presensi pulang", null, PunchType.OUT),
    DI_LUAR_LOKASI("presensi di luar lokasi", null, null);

    private final String label;
    private final LeaveType leave;
    private final PunchType punch;

    RequestKind(String label, LeaveType leave, PunchType punch) {
        this.label = label;
        this.leave = leave;
        this.punch = punch;
    }

    public String label() {
        return label;
    }

    /** The leave an approval records, for an absence. */
    public Optional<LeaveType> leave() {
        return Optional.ofNullable(leave);
    }

    public boolean isCorrection() {
        return leave == null;
    }

    /** The punch a correction makes: fixed for a forgotten one, the employee's choice for an off-site one. */
    public Optional<PunchType> punch() {
        return Optional.ofNullable(punch);
    }
}
