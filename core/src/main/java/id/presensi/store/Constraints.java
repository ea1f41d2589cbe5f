package id.presensi.store;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a broken database constraint into a sentence for the operator instead of a raw SQL error: a named
 * constraint by its own sentence, any other key or reference by what it is about ("the shift is still used by
 * roster days"), never by PostgreSQL's wording with constraint names in it.
 */
public final class Constraints {
    private static final Map<String, String> MESSAGES = Map.of(
            "work_schedule_no_overlap", "its validity period overlaps another schedule of the same unit and kind",
            "leave_no_overlap", "it overlaps leave already recorded for this employee",
            "work_location_unit_id_name_key", "the unit already has a location with this name",
            "shift_type_scope_code_key", "a shift with this code already exists for this unit",
            "machine_pin_everywhere_idx", "another employee already has this PIN on every machine",
            "machine_pin_on_machine_idx", "another employee already has this PIN on this machine",
            "operator_pkey", "an operator with this name already exists (operator list shows them; operator relink NAME "
                    + "gives an operator whose login is missing a new one)");
    /** What the tables hold, in the words the commands use. */
    private static final Map<String, String> TABLES = Map.ofEntries(
            Map.entry("shift_type", "shift"), Map.entry("roster", "roster days"), Map.entry("work_location", "location"),
            Map.entry("work_schedule", "schedule"), Map.entry("employee", "employee"), Map.entry("unit", "unit"),
            Map.entry("operator", "operator"), Map.entry("checkin", "check-ins"), Map.entry("attendance", "attendance records"),
            Map.entry("device", "phones"), Map.entry("machine", "fingerprint machine"), Map.entry("leave", "leave"),
            Map.entry("holiday", "calendar day"), Map.entry("location_access", "location allowances"));
    private static final Pattern STILL_USED = Pattern.compile("Key \\((.+?)\\)=\\((.*?)\\) is still referenced from table \"(\\w+)\"");
    private static final Pattern NOT_PRESENT = Pattern.compile("Key \\((.+?)\\)=\\((.*?)\\) is not present in table \"(\\w+)\"");
    private static final Pattern EXISTS = Pattern.compile("Key \\((.+?)\\)=\\((.*?)\\) already exists");

    private Constraints() {
    }

    /** The sentence for the first SQL error in the chain; the failure's own message when there is none. */
    public static String explain(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String constraint = m.getConstraint();
            if (constraint != null && MESSAGES.containsKey(constraint)) {
                return "refused: " + MESSAGES.get(constraint);
            }
            return plain(p.getSQLState(), m).map(s -> "refused: " + s)
                    .orElseGet(() -> "refused by the database: " + m.getMessage());
        }
        return e.getMessage();
    }

    /** A key or reference said in words, from the error's detail (the table it names, the key and its value). */
    private static Optional<String> plain(String state, ServerErrorMessage m) {
        String detail = Optional.ofNullable(m.getDetail()).orElse("");
        String table = words(Optional.ofNullable(m.getTable()).orElse(""));
        Matcher used = STILL_USED.matcher(detail);
        Matcher absent = NOT_PRESENT.matcher(detail);
        Matcher exists = EXISTS.matcher(detail);
        if ("23503".equals(state) && used.find()) {
            return Optional.of("it is still used by " + words(used.group(3)) + "; change or remove those first, then try again");
        }
        if ("23503".equals(state) && absent.find()) {
            return Optional.of("the " + words(absent.group(3)) + " it names does not exist (" + absent.group(1) + " " + absent.group(2) + ")");
        }
        if ("23505".equals(state) && exists.find()) {
            return Optional.of((table.isEmpty() ? "a row" : "a " + table) + " with " + exists.group(1) + " " + exists.group(2) + " already exists");
        }
        if ("23502".equals(state) && m.getColumn() != null) {
            return Optional.of(m.getColumn().replace('_', ' ') + " is required" + (table.isEmpty() ? "" : " for a " + table));
        }
        if ("23514".equals(state) && m.getConstraint() == null) {
            return Optional.ofNullable(m.getMessage()); // a trigger's own sentence (RAISE ... check_violation)
        }
        return Optional.empty();
    }

    private static String words(String table) {
        return TABLES.getOrDefault(table, table.replace('_', ' '));
    }
}
