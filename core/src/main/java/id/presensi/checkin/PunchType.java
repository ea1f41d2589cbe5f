package id.presensi.checkin;

/** Presensi masuk (IN) or presensi pulang (OUT). */
public enum PunchType {
    IN, OUT
}
