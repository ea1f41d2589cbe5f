package id.presensi.staff;

import id.presensi.identity.InvalidIdentityException;
import id.presensi.identity.Nik;
import id.presensi.identity.Nip;
import id.presensi.imports.FieldError;
import id.presensi.imports.RowFields;
import id.presensi.imports.RowParser;
import id.presensi.imports.RowRejected;
import id.presensi.sheet.Cell;
import id.presensi.unit.UnitNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import static id.presensi.staff.StaffFields.GELAR_BELAKANG;
import static id.presensi.staff.StaffFields.GELAR_DEPAN;
import static id.presensi.staff.StaffFields.JABATAN;
import static id.presensi.staff.StaffFields.JENIS;
import static id.presensi.staff.StaffFields.KODE_UNIT;
import static id.presensi.staff.StaffFields.NAMA;
import static id.presensi.staff.StaffFields.NIK;
import static id.presensi.staff.StaffFields.NIP;
import static id.presensi.staff.StaffFields.POLA_KERJA;

/**
 * Turns one source row into a {@link StaffRecord} or the list of what is wrong with it. It remembers the keys
 * it has accepted so a NIP or NIK repeated further down the same file is refused, naming the first row. As a
 * {@link RowParser} it is the staff file's, called by the staff import as every import calls its kind's parser.
 */
public final class StaffRowValidator implements RowParser<StaffRecord> {

    private final UnitNames units;
    private final Map<String, Integer> firstRowByNip = new HashMap<>();
    private final Map<String, Integer> firstRowByNik = new HashMap<>();

    public StaffRowValidator(UnitNames units) {
        this.units = units;
    }

    /** The outcome for one row: exactly one of record and errors is present. */
    private record Result(Optional<StaffRecord> record, List<FieldError> errors) {
    }

    /** The row's record; every fault of the row at once as {@link RowRejected}. */
    @Override
    public StaffRecord parse(RowFields row) {
        Result result = validate(row.rowNumber(), row::cell);
        if (!result.errors().isEmpty()) {
            throw new RowRejected(result.errors());
        }
        return result.record().orElseThrow();
    }

    private Result validate(int rowNumber, Function<String, Cell> cells) {
        List<FieldError> errors = new ArrayList<>();
        Optional<EmployeeType> type = EmployeeType.fromJenis(cells.apply(JENIS).text());
        if (type.isEmpty()) {
            errors.add(new FieldError(JENIS, "must be PNS, PPPK or PTT, got '" + cells.apply(JENIS).text().strip() + "'"));
        }
        String nip = identity(cells.apply(NIP), NIP, Nip::parse, errors).map(Nip::value).orElse(null);
        String nik = identity(cells.apply(NIK), NIK, Nik::parse, errors).map(Nik::value).orElse(null);
        type.ifPresent(t -> checkKeys(t, cells, nip, nik, errors));

        String name = singleSpaced(cells.apply(NAMA).text());
        if (name.isEmpty()) {
            errors.add(new FieldError(NAMA, "is empty"));
        }
        String unit = null;
        try {
            unit = units.resolve(cells.apply(KODE_UNIT).text());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(KODE_UNIT, e.getMessage()));
        }
        Cell polaKerja = cells.apply(POLA_KERJA);
        Optional<WorkPattern> pattern = polaKerja.isBlank() ? Optional.empty() : WorkPattern.fromPolaKerja(polaKerja.text());
        if (!polaKerja.isBlank() && pattern.isEmpty()) {
            errors.add(new FieldError(POLA_KERJA, "must be REGULER or SHIFT, got '" + cells.apply(POLA_KERJA).text().strip() + "'"));
        }
        if (errors.isEmpty()) {
            checkRepeated(rowNumber, NIP, nip, firstRowByNip, errors);
            checkRepeated(rowNumber, NIK, nik, firstRowByNik, errors);
        }
        if (!errors.isEmpty()) {
            return new Result(Optional.empty(), errors);
        }
        remember(rowNumber, nip, firstRowByNip);
        remember(rowNumber, nik, firstRowByNik);
        String position = singleSpaced(cells.apply(JABATAN).text());
        String shown = DisplayName.of(cells.apply(GELAR_DEPAN).text(), name, cells.apply(GELAR_BELAKANG).text());
        return new Result(Optional.of(new StaffRecord(rowNumber, type.get(), nip, nik, shown, unit,
                position.isEmpty() ? null : position, pattern.orElse(null))), List.of());
    }

    private static final Pattern SPACES = Pattern.compile("\\s{2,}|[\\t\\n\\r\\u00a0]");
    private static final Pattern WHITE = Pattern.compile("[\\s\\u00a0]+");

    /** Trims and collapses runs of white space, which copy-pasted names are full of. */
    static String singleSpaced(String text) {
        String t = text.strip();
        return SPACES.matcher(t).find() ? WHITE.matcher(t).replaceAll(" ") : t;
    }

    private static <T> Optional<T> identity(Cell cell, String field, Function<String, T> parser, List<FieldError> errors) {
        if (cell.isBlank()) {
            return Optional.empty();
        }
        if (cell.numeric()) {
            errors.add(new FieldError(field, "the spreadsheet cell holds " + field + " as a number (" + cell.text()
                    + "), which has lost its last digits; format the " + field + " column as Text and type the numbers again"));
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(cell.text()));
        } catch (InvalidIdentityException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return Optional.empty();
        }
    }

    private static void checkKeys(EmployeeType type, Function<String, Cell> cells, String nip, String nik,
                                  List<FieldError> errors) {
        boolean nipGiven = !cells.apply(NIP).isBlank();
        if (type.keyedByNip() && !nipGiven) {
            errors.add(new FieldError(NIP, "is required for " + type));
        } else if (type == EmployeeType.PTT && nipGiven) {
            String given = cells.apply(NIP).text().replaceAll("[\\s.]", "");
            errors.add(new FieldError(NIP, given.matches("\\d{16}")
                    ? "this looks like a NIK (16 digits; a NIP has 18): PTT staff are keyed by NIK, so put it in the NIK column"
                    : "PTT staff have no NIP; JENIS should be PNS or PPPK"));
        }
        if (type == EmployeeType.PTT && cells.apply(NIK).isBlank()) {
            errors.add(new FieldError(NIK, "is required for PTT (non-permanent staff are keyed by NIK)"));
        }
        if (nip != null && type.keyedByNip()) {
            Nip.Kind kind = Nip.parse(nip).kind();
            if (!kind.name().equals(type.name())) {
                errors.add(new FieldError(JENIS, "is " + type + " but the NIP is of the " + kind + " form (digit 13)"));
            }
        }
    }

    private static void checkRepeated(int rowNumber, String field, String value, Map<String, Integer> seen,
                                      List<FieldError> errors) {
        if (value != null && seen.containsKey(value)) {
            errors.add(new FieldError(field, field + " " + value + " already appears at row " + seen.get(value)
                    + " of this file"));
        }
    }

    private static void remember(int rowNumber, String value, Map<String, Integer> seen) {
        if (value != null) {
            seen.put(value, rowNumber);
        }
    }
}
