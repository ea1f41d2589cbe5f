package id.presensi.checkin;

/** Why a check-in was refused, as the API reports it. */
public enum RefusalReason {
    MOCK_LOCATION, LOW_ACCURACY, NOT_SCHEDULED, OUTSIDE_WINDOW, NO_LOCATION, OUTSIDE_GEOFENCE, SELFIE_REQUIRED
}
