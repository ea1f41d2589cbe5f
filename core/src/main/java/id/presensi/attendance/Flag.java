package id.presensi.attendance;

/** Facts about a day worth showing beside its status. */
public enum Flag {
    OFFLINE_SYNCED, WORKED_ON_DAY_OFF, WORK_FROM_HOME, FINGERPRINT, CORRECTED, WORK_FROM_ANYWHERE
}
