package id.presensi.apel;

/** What an apel asks of one employee on one date. */
public enum ApelDuty {
    /** Not held that day, or not for this employee. */
    NONE,
    /** Held for them but cancelled: a holiday or cuti bersama by itself, or "apel ditiadakan" by an operator. */
    CANCELLED,
    /** Held, but they are excused: on leave, on dinas luar (DL), or a roster day off. */
    EXCUSED,
    /** They must attend: missing it is TA (tidak apel). */
    REQUIRED
}
