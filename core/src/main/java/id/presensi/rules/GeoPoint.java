package id.presensi.rules;

/** A position in degrees (WGS84, as phones report it). */
public record GeoPoint(double latitude, double longitude) {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    public GeoPoint {
        if (latitude < -90 || latitude > 90 || Double.isNaN(latitude)) {
            throw new IllegalArgumentException("latitude must be between -90 and 90, got " + latitude);
        }
        if (longitude < -180 || longitude > 180 || Double.isNaN(longitude)) {
            throw new IllegalArgumentException("longitude must be between -180 and 180, got " + longitude);
        }
    }

    /** Great-circle (haversine) distance, accurate to well under a metre at geofence scales. */
    public double distanceMeters(GeoPoint other) {
        double phi1 = Math.toRadians(latitude);
        double phi2 = Math.toRadians(other.latitude);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
