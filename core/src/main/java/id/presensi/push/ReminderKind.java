package id.presensi.push;

/** What a unit can turn on: two reminders from the day's windows, and two events. */
public enum ReminderKind {
    /** "Anda belum presensi pulang": minutes after the check-out window opens, for whoever checked in and not out. */
    CHECK_OUT,
    /** "Belum presensi masuk": minutes before the check-in window closes, for whoever has not checked in. */
    CHECK_IN,
    /** A request's decision, to the requester. */
    DECISION,
    /** To a head: a request waits for their approval (sent by the approval chains). */
    APPROVAL_WAITING
}
