package id.presensi.app;

import id.presensi.imports.Reject;
import id.presensi.imports.RowRejected;
import id.presensi.overtime.Golongan;
import id.presensi.store.Audit;
import id.presensi.store.OvertimeStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Overtime orders (surat perintah lembur): one SPL for named staff of a unit, a date and hours, typed at the command
 * line or imported as the SPL list. Each employee's order is written through overtime_order_put (V32), which keeps
 * the operator to their units, refuses one's own order and closed months, and writes the audit row.
 */
public final class OvertimeOrders {
    static final List<String> SPL_COLUMNS = List.of("NIP", "KODE_UNIT", "TANGGAL", "JAM", "NOMOR_SPL", "GOLONGAN");

    private final OvertimeStore store;

    private static final String PLAUSIBLE = "a date in the years 2000 to 2100";

    /** The years the table accepts (as leave balances do): 0000-11-12 or 9999-01-01 is a typing slip, not an order. */
    private static boolean plausible(LocalDate date) {
        return date.getYear() >= 2000 && date.getYear() <= 2100;
    }

    public OvertimeOrders(Jdbi jdbi) {
        this.store = new OvertimeStore(jdbi);
    }

    /** One employee named in an order, with the golongan the SPL gives them. */
    public record Named(String employeeKey, Golongan golongan) {
    }

    /** What an order did: each employee's key and whether the order was new (false: an earlier one replaced). */
    public record Ordered(String employeeKey, String name, boolean added) {
    }

    /** Orders overtime for everyone named, all or nobody: one employee outside the unit refuses the whole order. */
    public List<Ordered> order(Handle h, Audit audit, String unitCode, List<Named> employees, LocalDate date, BigDecimal hours, String reference) {
        int minutes = minutes(hours);
        if (!plausible(date)) {
            throw new IllegalArgumentException("--date: " + PLAUSIBLE + ", not " + date);
        }
        if (reference.isBlank()) {
            throw new IllegalArgumentException("--ref: the SPL's number is required");
        }
        return employees.stream().map(n -> {
            OvertimeStore.Person p;
            try {
                p = store.personInUnit(h, "--employees", n.employeeKey(), "--unit", unitCode);
            } catch (RowRejected e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            return new Ordered(p.key(), p.name(), store.order(h, audit, p.id(), date, minutes, reference.strip(), n.golongan()));
        }).toList();
    }

    /** The SPL list (NIP, KODE_UNIT, TANGGAL, JAM, NOMOR_SPL, GOLONGAN): good rows are ordered, the others come back. */
    public record Imported(int ordered, List<Reject> rejects) {
    }

    public Imported importSpl(Handle h, Audit audit, Path file) throws IOException {
        int[] ordered = {0};
        List<Reject> rejects = ColumnFile.read(file, SPL_COLUMNS, List.of(), row -> {
            LocalDate date;
            try {
                date = LocalDate.parse(row.required("TANGGAL"));
            } catch (DateTimeParseException e) {
                throw new RowRejected("TANGGAL", "not a date (YYYY-MM-DD): " + row.cells().get("TANGGAL"));
            }
            if (!plausible(date)) {
                throw new RowRejected("TANGGAL", PLAUSIBLE + ", not " + date);
            }
            int minutes;
            try {
                minutes = minutes(new BigDecimal(row.required("JAM").replace(',', '.')));
            } catch (NumberFormatException e) {
                throw new RowRejected("JAM", "not a number of hours: " + row.cells().get("JAM"));
            } catch (IllegalArgumentException e) {
                throw new RowRejected("JAM", e.getMessage());
            }
            Golongan golongan = Golongan.parse(row.required("GOLONGAN"))
                    .orElseThrow(() -> new RowRejected("GOLONGAN", "I, II, III or IV (III/a is read as III), not " + row.cells().get("GOLONGAN")));
            String reference = row.required("NOMOR_SPL");
            if (reference.length() > 100) {
                throw new RowRejected("NOMOR_SPL", "at most 100 characters");
            }
            OvertimeStore.Person p = store.personInUnit(h, "NIP", row.required("NIP"), "KODE_UNIT", row.required("KODE_UNIT"));
            // each row in its own savepoint (the caller's transaction), so a refusal by the database (scope, one's own
            // order, a closed month) leaves the other rows standing
            try {
                h.execute("SAVEPOINT spl_row");
                store.order(h, audit, p.id(), date, minutes, reference, golongan);
                h.execute("RELEASE SAVEPOINT spl_row");
                ordered[0]++;
            } catch (UnableToExecuteStatementException e) {
                h.execute("ROLLBACK TO SAVEPOINT spl_row");
                throw new RowRejected("NIP", Optional.ofNullable(e.getCause()).map(Throwable::getMessage).orElse(e.getMessage())
                        .lines().findFirst().orElse("").replaceFirst("^ERROR: ", ""));
            }
        });
        return new Imported(ordered[0], rejects);
    }

    /** Hours as whole minutes, above 0 and at most 24. */
    static int minutes(BigDecimal hours) {
        BigDecimal m = hours.multiply(BigDecimal.valueOf(60));
        if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(24)) > 0 || m.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("hours above 0 and at most 24, in whole minutes (2.5 is 2 h 30 m), not " + hours.toPlainString());
        }
        return m.intValueExact();
    }
}
