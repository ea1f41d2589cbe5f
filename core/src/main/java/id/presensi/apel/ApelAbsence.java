package id.presensi.apel;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The apel an employee missed on a date (TA, tidak apel), as the nightly reconcile records them. Pure: the caller gives
 * the day's facts, the apel they checked in to, and their fingerprint punches of the day.
 */
public final class ApelAbsence {
    private ApelAbsence() {
    }

    /**
     * Each apel required of the employee that day with no accepted apel check-in (nor, where the apel lets them count, a
     * fingerprint punch in its window) and whose window has closed by {@code now}: a reconcile run at 07:30 does not
     * call a 07:15-08:00 apel missed while it is still open. No {@code now}: a past day, every window closed.
     */
    public static List<Apel> missed(List<Apel> apels, ApelDay.Facts facts, Set<Long> attended, List<LocalTime> fingerprintPunches,
                                    Optional<LocalDateTime> now) {
        return ApelDay.of(apels, facts).stream()
                .filter(d -> now.map(n -> !n.isBefore(facts.date().atTime(d.apel().closes()))).orElse(true))
                .filter(d -> d.missed(attended.contains(d.apel().id()), fingerprintPunches))
                .map(ApelDay::apel)
                .toList();
    }
}
