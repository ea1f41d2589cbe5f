package id.presensi.app;

import id.presensi.imports.Reject;
import id.presensi.imports.RowRejected;
import id.presensi.overtime.Golongan;
import id.presensi.overtime.OvertimeTariff;
import id.presensi.store.Audit;
import id.presensi.store.OvertimeStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The regency's overtime unit prices (BERLAKU_MULAI, GOLONGAN, UANG_LEMBUR_PER_JAM, UANG_MAKAN_LEMBUR, SUMBER, and
 * optionally MAKAN_SETELAH_MENIT, 120 by default): all rows or none, since a tariff half replaced would pay two grades
 * from two different Perbup. Example: docs/lembur/tarif-lembur-contoh.csv.
 */
public final class OvertimeTariffs {
    static final List<String> COLUMNS = List.of("BERLAKU_MULAI", "GOLONGAN", "UANG_LEMBUR_PER_JAM", "UANG_MAKAN_LEMBUR", "SUMBER");
    static final List<String> OPTIONAL = List.of("MAKAN_SETELAH_MENIT");

    private final OvertimeStore store;

    public OvertimeTariffs(Jdbi jdbi) {
        this.store = new OvertimeStore(jdbi);
    }

    /** The tariffs saved, or (none saved) every row refused and why. */
    public record Imported(List<OvertimeTariff> saved, List<Reject> rejects) {
    }

    public Imported importFile(Handle h, Audit audit, Path file) throws IOException {
        List<OvertimeTariff> tariffs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Reject> rejects = ColumnFile.read(file, COLUMNS, OPTIONAL, row -> {
            LocalDate from;
            try {
                from = LocalDate.parse(row.required("BERLAKU_MULAI"));
            } catch (DateTimeParseException e) {
                throw new RowRejected("BERLAKU_MULAI", "not a date (YYYY-MM-DD): " + row.cells().get("BERLAKU_MULAI"));
            }
            Golongan golongan = Golongan.parse(row.required("GOLONGAN"))
                    .orElseThrow(() -> new RowRejected("GOLONGAN", "I, II, III or IV, not " + row.cells().get("GOLONGAN")));
            int hourly = rupiah(row, "UANG_LEMBUR_PER_JAM");
            int meal = rupiah(row, "UANG_MAKAN_LEMBUR");
            int after = row.optional("MAKAN_SETELAH_MENIT").map(m -> whole("MAKAN_SETELAH_MENIT", m, 1440)).orElse(120);
            String source = row.required("SUMBER");
            if (source.length() > 300) {
                throw new RowRejected("SUMBER", "at most 300 characters");
            }
            if (!seen.add(from + "/" + golongan)) {
                throw new RowRejected("GOLONGAN", "golongan " + golongan + " from " + from + " appears twice in the file");
            }
            tariffs.add(new OvertimeTariff(from, golongan, hourly, meal, after, source));
        });
        if (!rejects.isEmpty()) {
            return new Imported(List.of(), rejects);
        }
        if (tariffs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tariff rows; nothing was imported");
        }
        store.saveTariffs(h, audit, tariffs);
        return new Imported(tariffs, List.of());
    }

    /**
     * Rupiah as the regency writes them: 30000, 30.000, Rp30.000 or Rp30.000,00. Anything else is refused, not guessed:
     * "3,000" or "300.00" read with Indonesian separators would silently be Rp3 or Rp30.000.
     */
    private static int rupiah(ColumnFile.Row row, String column) {
        String written = row.required(column);
        String text = written.replaceFirst("(?i)^rp\\.?\\s*", "");
        if (!RUPIAH.matcher(text).matches()) {
            throw new RowRejected(column, "rupiah as 30000, 30.000 or Rp30.000 (dots between thousands, ',00' at most), not " + written);
        }
        return whole(column, text.replace(".", "").replace(",00", ""), 10_000_000);
    }

    private static final Pattern RUPIAH = Pattern.compile("\\d+|\\d{1,3}(\\.\\d{3})+(,00)?|\\d+,00");

    private static int whole(String column, String text, int most) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 0 || n > most) {
                throw new RowRejected(column, "0 to " + most + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RowRejected(column, "not a whole number: " + text);
        }
    }
}
