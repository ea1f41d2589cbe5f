package id.presensi.checkin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The server's answer to one check-in: accepted at an official time for a work date, or refused with a
 * reason and a message in Indonesian that tells the employee what to do.
 */
public record CheckInDecision(boolean accepted, Optional<RefusalReason> reason, String message, Instant at,
                              boolean offlineSynced, Optional<LocalDate> workDate, Optional<Integer> distanceM,
                              Optional<String> locationName, boolean workFromHome, boolean workFromAnywhere) {
}
