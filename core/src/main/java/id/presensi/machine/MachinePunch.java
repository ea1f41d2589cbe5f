package id.presensi.machine;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One punch as a fingerprint machine records it: the user's PIN on that machine, the machine's local time, and
 * what the machine says of it. The status key is kept but not trusted (machines send 0, 1, 4 or 255 for anything;
 * the work rules decide in and out); the verify mode's codes differ by firmware, so it is kept as it came.
 */
public record MachinePunch(String pin, LocalDateTime time, Optional<Integer> status, Optional<Integer> verifyMode,
                           Optional<String> workCode) {
    private static final Pattern PIN = Pattern.compile("[0-9A-Za-z]{1,24}");

    /** A machine's user number: 1 to 24 letters or digits (the database holds the same check). */
    public static boolean isPin(String text) {
        return PIN.matcher(text).matches();
    }

    /**
     * The same punch has the same id however it arrives (pushed, resent, or read again from the USB download),
     * so it is stored once.
     */
    public UUID id(String serial) {
        return UUID.nameUUIDFromBytes(("machine|" + serial + "|" + pin + "|" + time).getBytes(StandardCharsets.UTF_8));
    }
}
