package id.presensi.store;

import org.postgresql.util.PSQLException;

import java.sql.SQLException;
import java.util.Map;

/** Turns a broken database constraint into a sentence for the operator instead of a raw SQL error. */
public final class Constraints {
    private static final Map<String, String> MESSAGES = Map.of(
            "work_schedule_no_overlap", "its validity period overlaps another schedule of the same unit and kind",
            "leave_no_overlap", "it overlaps leave already recorded for this employee",
            "work_location_unit_id_name_key", "the unit already has a location with this name",
            "shift_type_scope_code_key", "a shift with this code already exists for this unit",
            "machine_pin_everywhere_idx", "another employee already has this PIN on every machine",
            "machine_pin_on_machine_idx", "another employee already has this PIN on this machine");

    private Constraints() {
    }

    public static String explain(RuntimeException e) {
        Throwable t = e;
        while (t != null && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
            String constraint = p.getServerErrorMessage().getConstraint();
            if (constraint != null && MESSAGES.containsKey(constraint)) {
                return "refused: " + MESSAGES.get(constraint);
            }
            return "refused by the database: " + p.getServerErrorMessage().getMessage()
                    + (constraint == null ? "" : " (" + constraint + ")");
        }
        return e.getMessage();
    }
}
