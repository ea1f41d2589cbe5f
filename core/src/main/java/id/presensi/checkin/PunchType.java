package id.presensi.checkin;

import java.util.Locale;
import java.util.Optional;

/** Presensi masuk (IN) or presensi pulang (OUT). */
public enum PunchType {
    IN, OUT;

    /** The punch a client wrote, in any case; empty for anything else, so each front end words its own refusal. */
    public static Optional<PunchType> parse(String text) {
        for (PunchType t : values()) {
            if (t.name().equals(text.toUpperCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
