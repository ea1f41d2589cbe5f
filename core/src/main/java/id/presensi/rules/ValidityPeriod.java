package id.presensi.rules;

import java.time.LocalDate;
import java.util.Optional;

/** From a date, until a date (inclusive) or open-ended: Ramadan hours, a new Perbup, a WFH period. */
public record ValidityPeriod(LocalDate from, Optional<LocalDate> to) {

    public ValidityPeriod {
        if (to.isPresent() && to.get().isBefore(from)) {
            throw new IllegalArgumentException("period ends (" + to.get() + ") before it starts (" + from + ")");
        }
    }

    public static ValidityPeriod between(LocalDate from, LocalDate to) {
        return new ValidityPeriod(from, Optional.of(to));
    }

    public static ValidityPeriod from(LocalDate from) {
        return new ValidityPeriod(from, Optional.empty());
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(from) && to.map(t -> !date.isAfter(t)).orElse(true);
    }

    public boolean overlaps(ValidityPeriod other) {
        boolean thisEndsBefore = to.map(t -> t.isBefore(other.from)).orElse(false);
        boolean otherEndsBefore = other.to.map(t -> t.isBefore(from)).orElse(false);
        return !thisEndsBefore && !otherEndsBefore;
    }

    @Override
    public String toString() {
        return from + " .. " + to.map(LocalDate::toString).orElse("(open)");
    }
}
