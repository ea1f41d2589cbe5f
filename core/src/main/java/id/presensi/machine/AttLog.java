package id.presensi.machine;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lines of a ZKTeco attendance log (and of the Indonesian brands built on it: Solution, Fingerspot, Revo, Magic),
 * tab-separated, in two layouts:
 * <ul>
 *   <li>the USB download ({@code 1_attlog.dat}, {@code <SERIAL>_attlog.dat}): PIN (space-padded), time, device
 *   number, status, verify mode, work code;</li>
 *   <li>the push protocol's ATTLOG table: PIN, time, status, verify mode, work code, reserved fields.</li>
 * </ul>
 * Time is {@code YYYY-MM-DD HH:MM:SS}, the machine's clock. A line that does not fit is refused with the reason.
 */
public final class AttLog {
    private static final Pattern CODE = Pattern.compile("\\d{0,5}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private AttLog() {
    }

    /** A line read: a punch, or why it was refused. */
    public sealed interface Line permits Read, Refused {
    }

    public record Read(MachinePunch punch) implements Line {
    }

    public record Refused(String field, String reason) implements Line {
    }

    public enum Layout {
        /** PIN, time, device number, status, verify, work code. */
        USB(3),
        /** PIN, time, status, verify, work code, reserved... */
        PUSH(2);

        private final int statusField;

        Layout(int statusField) {
            this.statusField = statusField;
        }
    }

    private static final Pattern DOWNLOAD = Pattern.compile("(?i)(.+)_attlog\\.dat");

    /**
     * Whether a file is named as machines name their USB download: {@code <SERIAL>_attlog.dat} gives the serial;
     * {@code 1_attlog.dat} (older firmware: the device number, 1 to 255) gives none, the serial must be told.
     */
    public static Optional<String> serialFromFileName(String fileName) {
        var m = DOWNLOAD.matcher(fileName);
        if (!m.matches() || m.group(1).matches("\\d{1,3}")) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }

    public static boolean isDownloadName(String fileName) {
        return DOWNLOAD.matcher(fileName).matches() || fileName.equalsIgnoreCase("attlog.txt");
    }

    public static Line parse(String line, Layout layout) {
        String[] f = line.strip().isEmpty() ? new String[0] : stripEnd(line).split("\t", -1);
        if (f.length < 2) {
            return new Refused("*", "not an attendance log line: expected PIN, a tab, then the time (YYYY-MM-DD HH:MM:SS)");
        }
        String pin = f[0].strip();
        if (!MachinePunch.isPin(pin)) {
            return new Refused("PIN", "'" + shown(pin) + "' is not a machine PIN (1 to 24 letters or digits)");
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(f[1].strip(), TIME);
        } catch (DateTimeParseException e) {
            return new Refused("WAKTU", "'" + shown(f[1].strip()) + "' is not a time of the form YYYY-MM-DD HH:MM:SS");
        }
        int s = layout.statusField;
        for (int i : new int[] {s, s + 1}) {
            if (!CODE.matcher(field(f, i)).matches() || !field(f, i).isEmpty() && Integer.parseInt(field(f, i)) > Short.MAX_VALUE) {
                return new Refused(i == s ? "STATUS" : "VERIFY", "'" + shown(field(f, i)) + "' is not a machine code (a whole number, 0 to 32767)");
            }
        }
        return new Read(new MachinePunch(pin, time, number(f, s), number(f, s + 1), text(f, s + 2)));
    }

    private static String stripEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static Optional<Integer> number(String[] f, int i) {
        String t = field(f, i);
        return t.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(t));
    }

    private static Optional<String> text(String[] f, int i) {
        String t = field(f, i);
        return t.isEmpty() ? Optional.empty() : Optional.of(t.length() > 24 ? t.substring(0, 24) : t);
    }

    private static String field(String[] f, int i) {
        return i < f.length ? f[i].strip() : "";
    }

    /** Only printable text, and not much of it, goes back into a message: the file could be anything. */
    private static String shown(String text) {
        String printable = text.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
