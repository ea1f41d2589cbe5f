package id.presensi.app;

import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSource;
import id.presensi.imports.Reject;
import id.presensi.imports.SourceTable;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableRow;
import id.presensi.store.Audit;
import id.presensi.store.ImportResult;
import id.presensi.store.UnitStore;
import id.presensi.unit.Unit;
import id.presensi.unit.UnitPlan;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static id.presensi.unit.UnitFields.KODE_INDUK;
import static id.presensi.unit.UnitFields.KODE_UNIT;
import static id.presensi.unit.UnitFields.LAYOUT;
import static id.presensi.unit.UnitFields.NAMA_UNIT;
import static id.presensi.unit.UnitFields.OPD;
import static id.presensi.unit.UnitFields.ZONA_WAKTU;

/**
 * The unit list. A regency has tens to hundreds of units and a unit may name a parent further down the file, so the
 * file is read whole, planned against the units already stored ({@link UnitPlan}) and stored through
 * {@link ImportPipeline#runWhole} in one transaction: valid rows are stored, rejected rows are reported, a re-run
 * changes nothing.
 */
public final class UnitFile {

    private final Jdbi jdbi;
    private final UnitStore units;
    private final Audit audit;

    /** Changes audited in the OS user's name, as a command's are without --operator (a signed-in operator is always themselves). */
    public UnitFile(Jdbi jdbi) {
        this(jdbi, new Audit(System.getProperty("user.name"), "unit import"));
    }

    /** @param audit the command's audit trail: an OPD mark the file changes is recorded as {@code unit set} records one */
    public UnitFile(Jdbi jdbi, Audit audit) {
        this.jdbi = jdbi;
        this.units = new UnitStore(jdbi);
        this.audit = audit;
    }

    public ImportResult importFile(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun)
            throws IOException {
        return importFile(file, sheet, renames, dryRun, Optional.empty());
    }

    /** With the text encoding given (--encoding), or detected when empty. */
    public ImportResult importFile(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun, Optional<Charset> encoding)
            throws IOException {
        List<UnitPlan.Row> rows = new ArrayList<>();
        Map<Integer, List<String>> sourceRows = new HashMap<>();
        List<String> header;
        Optional<String> readAs;
        try (SourceTable table = SourceTable.open(LAYOUT, new ImportSource(file, sheet, renames, dryRun, encoding))) {
            TableReader reader = table.reader();
            header = reader.header();
            readAs = reader.readAs();
            HeaderMapping columns = table.columns();
            for (TableRow row = reader.next(); row != null; row = reader.next()) {
                sourceRows.put(row.rowNumber(), row.texts());
                rows.add(new UnitPlan.Row(row.rowNumber(), columns.cell(row, KODE_UNIT).text(),
                        columns.cell(row, NAMA_UNIT).text(), columns.cell(row, KODE_INDUK).text(),
                        columns.cell(row, ZONA_WAKTU).text(), columns.cell(row, OPD).text()));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows below the header; nothing was imported");
        }
        return new ImportPipeline(jdbi).runWhole(ImportKind.UNIT, file, dryRun, header, readAs, h -> {
            units.lockForImport(h);
            UnitPlan plan = UnitPlan.of(rows, units.parentByCode(h));
            // the mark decides who signs the Kepala OPD's step: a change of it is audited, by the file as by hand
            Map<String, Boolean> marked = units.opdByCode(h);
            long inserted = 0;
            long updated = 0;
            long unchanged = 0;
            for (Unit unit : plan.accepted()) {
                switch (units.upsert(h, unit)) {
                    case 'I' -> inserted++;
                    case 'U' -> updated++;
                    default -> unchanged++;
                }
                Boolean before = marked.get(unit.code());
                if (before != null && unit.opd().isPresent() && unit.opd().get() != before) {
                    units.auditOpd(h, audit, unit.code(), before, unit.opd().get());
                }
            }
            List<Reject> rejects = new ArrayList<>();
            plan.rejected().forEach((rowNumber, errors) -> errors.forEach(e ->
                    rejects.add(new Reject(rowNumber, e.field(), e.reason(), sourceRows.get(rowNumber)))));
            return new ImportPipeline.Stored(rows.size(), inserted, updated, unchanged, rejects);
        });
    }
}
