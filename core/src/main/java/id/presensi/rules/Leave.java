package id.presensi.rules;

import java.time.LocalDate;
import java.util.Optional;

/** Leave or absence of one employee from a date to a date, inclusive. */
public record Leave(LocalDate from, LocalDate to, LeaveType type, Optional<String> reference) {

    public Leave {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("leave ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public boolean covers(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }
}
