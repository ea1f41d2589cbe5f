package id.presensi.app;

import id.presensi.checkin.PunchType;
import id.presensi.imports.FileLayout;
import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSource;
import id.presensi.imports.RowFields;
import id.presensi.imports.Values;
import id.presensi.store.ImportResult;
import id.presensi.store.PunchImport;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Punches exported by fingerprint machines: NIP or NIK, WAKTU (local time of the unit), JENIS (IN/OUT, MASUK/PULANG,
 * or blank: the windows decide), MESIN; stored by {@link PunchImport}, which files each punch once.
 */
public final class PunchFile {
    public static final FileLayout LAYOUT = new FileLayout(ImportKind.PUNCH, List.of("NIP", "NIK", "WAKTU", "JENIS", "MESIN"),
            Set.of("WAKTU", "MESIN"));

    private final Jdbi jdbi;

    public PunchFile(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ImportResult importFile(ImportSource source) throws IOException {
        PunchImport punches = new PunchImport();
        return new ImportPipeline(jdbi).run(LAYOUT, source, PunchFile::parse, punches::file);
    }

    static PunchImport.Punch parse(RowFields f) {
        String key = f.text("NIP").isEmpty() ? f.text("NIK") : f.text("NIP");
        LocalDateTime local = f.required("WAKTU", PunchFile::dateTime);
        Optional<PunchType> type = f.optional("JENIS", PunchFile::type);
        String machine = f.required("MESIN", s -> s);
        if (key.isEmpty()) {
            f.required("NIP", s -> s);
        }
        f.check();
        return new PunchImport.Punch(key, local, type, machine);
    }

    private static LocalDateTime dateTime(String text) {
        String[] parts = text.strip().split("[ T]+");
        try {
            if (parts.length == 2) {
                return Values.date(parts[0]).atTime(LocalTime.parse(parts[1].replace('.', ':')));
            }
        } catch (DateTimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not a date and time (write 2026-09-14 07:12:33 or 14/09/2026 07:12)");
    }

    private static PunchType type(String text) {
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "IN", "MASUK", "I" -> PunchType.IN;
            case "OUT", "PULANG", "O" -> PunchType.OUT;
            default -> throw new IllegalArgumentException("must be IN or OUT (MASUK or PULANG), or blank, got '" + text.strip() + "'");
        };
    }
}
