package id.presensi.app;

import id.presensi.imports.Reject;
import id.presensi.imports.RowRejected;
import id.presensi.store.Audit;
import id.presensi.store.LeaveBalanceStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The regency's current leave figures as opening balances (NIP, TAHUN, HAK_CUTI: the cuti tahunan days the employee
 * had at the start of that year, entitlement and carry-over together, 0 to 24; NOMOR_SURAT optional). Each row goes
 * through leave_opening_put (V32): the operator's units only, never their own balance, one audit row each.
 */
public final class LeaveOpeningBalances {
    static final List<String> COLUMNS = List.of("NIP", "TAHUN", "HAK_CUTI");

    private final LeaveBalanceStore store;

    public LeaveOpeningBalances(Jdbi jdbi) {
        this.store = new LeaveBalanceStore(jdbi);
    }

    public record Imported(int recorded, List<Reject> rejects) {
    }

    public Imported importFile(Handle h, Audit audit, Path file) throws IOException {
        int[] recorded = {0};
        List<Reject> rejects = ColumnFile.read(file, COLUMNS, List.of("NOMOR_SURAT"), row -> {
            int year = number(row.required("TAHUN"), "TAHUN", 2000, 2100);
            int days = number(row.required("HAK_CUTI"), "HAK_CUTI", 0, 24);
            long employee = store.employeeId(h, "NIP", row.required("NIP"));
            Optional<String> reference = row.optional("NOMOR_SURAT");
            if (reference.filter(r -> r.length() > 100).isPresent()) {
                throw new RowRejected("NOMOR_SURAT", "at most 100 characters");
            }
            try {
                h.execute("SAVEPOINT opening_row");
                store.putOpening(h, audit, employee, year, days, reference);
                h.execute("RELEASE SAVEPOINT opening_row");
                recorded[0]++;
            } catch (UnableToExecuteStatementException e) {
                h.execute("ROLLBACK TO SAVEPOINT opening_row");
                throw new RowRejected("NIP", Optional.ofNullable(e.getCause()).map(Throwable::getMessage).orElse(e.getMessage())
                        .lines().findFirst().orElse("").replaceFirst("^ERROR: ", ""));
            }
        });
        return new Imported(recorded[0], rejects);
    }

    private static int number(String text, String column, int least, int most) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < least || n > most) {
                throw new RowRejected(column, least + " to " + most + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RowRejected(column, "not a whole number: " + text);
        }
    }
}
