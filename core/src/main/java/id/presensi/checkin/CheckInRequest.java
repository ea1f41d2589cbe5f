package id.presensi.checkin;

import id.presensi.rules.GeoPoint;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a phone sends: the kind of punch, where it is and how sure, its own clock, a retry-safe id, and whether a
 * selfie came with it.
 */
public record CheckInRequest(UUID requestId, PunchType type, GeoPoint position, double accuracyM,
                             Optional<Instant> clientTime, boolean mockLocation, boolean withSelfie) {
}
