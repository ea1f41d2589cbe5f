package id.presensi.server;

/**
 * What one phone may ask of the service in a day, so a stolen or scripted token cannot fill the disk, the photo
 * table or an admin's queue. An honest phone checks in two to four times a day and sends a request now and then;
 * each bound is several times that. Over a bound the phone gets a 429 with Retry-After (the next local midnight).
 *
 * @param checkInsPerDay check-in attempts a device may send in a local day (a check-in sent again after its answer,
 *                       under its requestId, is answered as the first time and not counted)
 * @param selfiesPerDay  photos kept for one employee's work day
 * @param requestsPerDay requests (izin, koreksi) a device may send in a local day (one stored, sent again, not counted)
 * @param requestsPerDayAskedFor requests of an employee that may name one and the same day (all kinds, all statuses)
 * @param spoolBytes     the selfie spool's size on disk; when full, check-ins with a photo get a 503
 * @param historyPerDay  reads of the employee's own record (Riwayat) a device may make in a local day: each reads two
 *                       months of records and recaps, where a check-in reads nothing
 */
public record PhoneLimits(int checkInsPerDay, int selfiesPerDay, int requestsPerDay, int requestsPerDayAskedFor, long spoolBytes,
                          int historyPerDay) {
    public static final PhoneLimits DEFAULTS = new PhoneLimits(20, 6, 10, 3, 256L * 1024 * 1024, 60);

    public PhoneLimits {
        if (checkInsPerDay < 1 || selfiesPerDay < 1 || requestsPerDay < 1 || requestsPerDayAskedFor < 1 || spoolBytes < 1 || historyPerDay < 1) {
            throw new IllegalArgumentException("every phone limit must be at least 1");
        }
    }
}
