package id.presensi.app;

import id.presensi.apel.ApelCheckIn;
import id.presensi.apel.ApelDay;
import id.presensi.apel.ApelDuty;
import id.presensi.rules.GeoPoint;
import id.presensi.rules.PersonRules;
import id.presensi.store.ApelStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An employee's apel of the day and their "Presensi apel", for the phone and for {@code policy explain}: which apel
 * is held for them today and whether they are in, and a check-in decided by {@link ApelCheckIn} and stored once per
 * requestId (sent again, the stored answer; a second accepted one for the same apel and day is not stored).
 */
public final class ApelAttendance {
    private final Jdbi jdbi;
    private final ApelStore store = new ApelStore();

    public ApelAttendance(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An apel of the day with the employee's own check-in, if they have one. */
    public record Today(ApelDay day, Optional<ApelStore.CheckIn> checkedIn) {
    }

    /** The apel held for the employee on a date (cancelled and excused ones too, with the reason). */
    public List<Today> today(long employeeId, PersonRules rules, LocalDate date) {
        return jdbi.withHandle(h -> {
            var facts = ApelDay.facts(rules, store.typeOf(h, employeeId), date, store.cancellations(h, date));
            return ApelDay.of(store.all(h), facts).stream()
                    .map(d -> new Today(d, d.duty() == ApelDuty.CANCELLED ? Optional.empty() : store.accepted(h, d.apel().id(), employeeId, date)))
                    .toList();
        });
    }

    /** The phone's attempt. */
    public record Attempt(UUID requestId, long apelId, long employeeId, long deviceId, GeoPoint position, double accuracyM, boolean mock) {
    }

    /**
     * Decides and stores an attempt at the server's time; what is stored under its requestId (perhaps another
     * employee's: the caller says nothing of it). An attempt for an apel already attended today answers with that one.
     */
    public ApelStore.CheckIn checkIn(Attempt a, PersonRules rules, Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, rules.zone());
        LocalDate date = local.toLocalDate();
        return jdbi.inTransaction(h -> {
            Optional<ApelStore.CheckIn> again = store.byRequest(h, a.requestId());
            if (again.isPresent()) {
                return again.get();
            }
            var facts = ApelDay.facts(rules, store.typeOf(h, a.employeeId()), date, store.cancellations(h, date));
            ApelDay day = store.all(h).stream().filter(x -> x.id() == a.apelId()).findFirst()
                    .map(apel -> ApelDay.decide(apel, facts))
                    // an apel the employee is not called to is as unknown as one that does not exist: the phone learns no
                    // other unit's apel names by trying ids
                    .filter(d -> d.duty() != ApelDuty.NONE)
                    .orElseThrow(() -> new IllegalArgumentException("no apel #" + a.apelId() + " for this employee today"));
            Optional<ApelStore.CheckIn> attended = store.accepted(h, a.apelId(), a.employeeId(), date);
            if (attended.isPresent()) {
                return attended.get();
            }
            ApelCheckIn.Decision d = ApelCheckIn.decide(day, rules.on(date).locations(), a.position(), a.accuracyM(), a.mock(),
                    rules.maxAccuracyM(), local.toLocalTime());
            var row = new ApelStore.CheckIn(a.requestId(), a.apelId(), a.employeeId(), a.deviceId(), now, date, a.position().latitude(),
                    a.position().longitude(), a.accuracyM(), d.distanceM(), d.locationName(), d.accepted(), d.reason().map(Enum::name), d.message());
            return store.record(h, row).or(() -> store.accepted(h, a.apelId(), a.employeeId(), date)).orElseThrow();
        });
    }
}
