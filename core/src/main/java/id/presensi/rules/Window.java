package id.presensi.rules;

import java.time.LocalDateTime;

/** A span of local time, inclusive at both ends, when a check-in or check-out is accepted. */
public record Window(LocalDateTime opens, LocalDateTime closes) {

    public boolean contains(LocalDateTime t) {
        return !t.isBefore(opens) && !t.isAfter(closes);
    }
}
