package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.imports.FieldError;
import id.presensi.imports.ImportKind;
import id.presensi.imports.RowFields;
import id.presensi.imports.RowRejected;
import id.presensi.imports.Values;
import id.presensi.rules.Holiday;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveType;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.ShiftType;
import id.presensi.rules.ValidityPeriod;
import id.presensi.unit.UnitNames;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/** The file formats of the work rules, each read row by row through {@link RowImport}. */
public final class RulesImports {

    /** Where a file comes from and how to read it. */
    public record Source(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun, Optional<Charset> encoding) {
        /** A file whose encoding is detected. */
        public Source(Path file, Optional<String> sheet, Map<String, String> renames, boolean dryRun) {
            this(file, sheet, renames, dryRun, Optional.empty());
        }
    }

    private final Jdbi jdbi;
    private final Audit audit;

    public RulesImports(Jdbi jdbi, Audit audit) {
        this.jdbi = jdbi;
        this.audit = audit;
    }

    /** KODE_UNIT, NAMA_LOKASI, LINTANG, BUJUR, RADIUS_M. */
    public ImportResult locations(Source source) throws IOException {
        LocationStore store = new LocationStore(jdbi);
        UnitNames units = new UnitStore(jdbi).names();
        return run(ImportKind.LOCATION, source, List.of("KODE_UNIT", "NAMA_LOKASI", "LINTANG", "BUJUR", "RADIUS_M"),
                Set.of("KODE_UNIT", "NAMA_LOKASI", "LINTANG", "BUJUR", "RADIUS_M"), (h, row, columns) -> {
                    RowFields f = new RowFields(row, columns);
                    String unit = f.required("KODE_UNIT", units::resolve);
                    String name = f.required("NAMA_LOKASI", s -> s);
                    Double lat = f.required("LINTANG", Values::decimal);
                    Double lon = f.required("BUJUR", Values::decimal);
                    Integer radius = f.required("RADIUS_M", Values::wholeNumber);
                    f.check();
                    return store.upsert(h, audit, new LocationStore.Location(unit, name, lat, lon, radius));
                });
    }

    /** TANGGAL, KETERANGAN, JENIS (LIBUR_NASIONAL, CUTI_BERSAMA or LIBUR_DAERAH). */
    public ImportResult holidays(Source source) throws IOException {
        CalendarStore store = new CalendarStore(jdbi);
        return run(ImportKind.HOLIDAY, source, List.of("TANGGAL", "KETERANGAN", "JENIS"), Set.of("TANGGAL", "KETERANGAN", "JENIS"),
                (h, row, columns) -> {
                    RowFields f = new RowFields(row, columns);
                    LocalDate day = f.required("TANGGAL", Values::date);
                    String description = f.required("KETERANGAN", s -> s);
                    Holiday.Kind kind = f.required("JENIS", Holiday.Kind::parse);
                    f.check();
                    try {
                        return store.upsert(h, audit, new Holiday(day, description, kind));
                    } catch (IllegalStateException closedMonth) {
                        throw new RowRejected("TANGGAL", closedMonth.getMessage());
                    }
                });
    }

    public static final List<String> SCHEDULE_FIELDS = List.of("NAMA_JADWAL", "KODE_UNIT", "JENIS_JADWAL", "BERLAKU_MULAI",
            "BERLAKU_SAMPAI", "HARI", "MASUK_BUKA", "MASUK_TUTUP", "JAM_MULAI", "TOLERANSI_TERLAMBAT", "JAM_SELESAI",
            "TOLERANSI_PULANG", "PULANG_BUKA", "PULANG_TUTUP");

    /** One row per schedule and group of weekdays (HARI: SENIN-KAMIS); KODE_UNIT blank means regency-wide. */
    public ImportResult schedules(Source source) throws IOException {
        ScheduleStore store = new ScheduleStore(jdbi);
        UnitNames units = new UnitStore(jdbi).names();
        Set<String> createdByThisFile = new HashSet<>(); // a new schedule's second row of days is new too, not an update
        return run(ImportKind.SCHEDULE, source, SCHEDULE_FIELDS, Set.of("NAMA_JADWAL", "BERLAKU_MULAI", "HARI", "MASUK_BUKA",
                "MASUK_TUTUP", "JAM_MULAI", "JAM_SELESAI", "PULANG_BUKA", "PULANG_TUTUP"), (h, row, columns) -> {
            RowFields f = new RowFields(row, columns);
            String name = f.required("NAMA_JADWAL", s -> s);
            Optional<String> unit = f.optional("KODE_UNIT", units::resolve);
            boolean special = f.optional("JENIS_JADWAL", RulesImports::specialSchedule).orElse(false);
            LocalDate from = f.required("BERLAKU_MULAI", Values::date);
            Optional<LocalDate> to = f.optional("BERLAKU_SAMPAI", Values::date);
            Set<DayOfWeek> days = f.required("HARI", Values::weekdays);
            var opens = f.required("MASUK_BUKA", Values::time);
            var closes = f.required("MASUK_TUTUP", Values::time);
            var start = f.required("JAM_MULAI", Values::time);
            int lateGrace = f.optional("TOLERANSI_TERLAMBAT", Values::wholeNumber).orElse(0);
            var end = f.required("JAM_SELESAI", Values::time);
            int earlyGrace = f.optional("TOLERANSI_PULANG", Values::wholeNumber).orElse(0);
            var outOpens = f.required("PULANG_BUKA", Values::time);
            var outCloses = f.required("PULANG_TUTUP", Values::time);
            ValidityPeriod validity = f.build("BERLAKU_SAMPAI", () -> new ValidityPeriod(from, to));
            List<ScheduleDay> hours = f.build("JAM_MULAI", () -> days.stream().map(d -> new ScheduleDay(d, opens, closes, start,
                    lateGrace, end, earlyGrace, outOpens, outCloses)).toList());
            Change change = store.define(h, audit, new ScheduleStore.Header(name, unit, special, validity), hours);
            if (change == Change.INSERTED) {
                createdByThisFile.add(name);
            }
            return change == Change.UPDATED && createdByThisFile.contains(name) ? Change.INSERTED : change;
        });
    }

    /** KODE_UNIT (blank: regency-wide), KODE_SHIFT, NAMA_SHIFT, JAM_MULAI, JAM_SELESAI and the window minutes. */
    public ImportResult shifts(Source source) throws IOException {
        UnitNames units = new UnitStore(jdbi).names();
        ShiftStore store = new ShiftStore(jdbi);
        return run(ImportKind.SHIFT, source, List.of("KODE_UNIT", "KODE_SHIFT", "NAMA_SHIFT", "JAM_MULAI", "JAM_SELESAI",
                        "BUKA_SEBELUM_MENIT", "TOLERANSI_TERLAMBAT", "TOLERANSI_PULANG_CEPAT", "TUTUP_SETELAH_MENIT"),
                Set.of("KODE_SHIFT", "NAMA_SHIFT", "JAM_MULAI", "JAM_SELESAI"), (h, row, columns) -> {
                    RowFields f = new RowFields(row, columns);
                    Optional<String> unit = f.optional("KODE_UNIT", units::resolve);
                    String code = f.required("KODE_SHIFT", ShiftType::code);
                    String name = f.required("NAMA_SHIFT", s -> s);
                    var start = f.required("JAM_MULAI", Values::time);
                    var end = f.required("JAM_SELESAI", Values::time);
                    int before = f.optional("BUKA_SEBELUM_MENIT", Values::wholeNumber).orElse(60);
                    int grace = f.optional("TOLERANSI_TERLAMBAT", Values::wholeNumber).orElse(0);
                    int earlyGrace = f.optional("TOLERANSI_PULANG_CEPAT", Values::wholeNumber).orElse(0);
                    int after = f.optional("TUTUP_SETELAH_MENIT", Values::wholeNumber).orElse(120);
                    ShiftType shift = f.build("JAM_SELESAI", () -> new ShiftType(code, name, unit, start, end, before, grace, earlyGrace, after));
                    return store.upsert(h, audit, shift);
                });
    }

    /**
     * A roster in the long format (NIP or NIK, TANGGAL, KODE_SHIFT), or, when {@code month} is given, the
     * monthly matrix hospitals keep: one row per employee, columns 1..31 holding shift codes (blank: not set).
     */
    public ImportResult roster(Source source, Optional<YearMonth> month) throws IOException {
        RosterStore store = new RosterStore(jdbi);
        if (month.isEmpty()) {
            return run(ImportKind.ROSTER, source, List.of("NIP", "NIK", "TANGGAL", "KODE_SHIFT"), Set.of("TANGGAL", "KODE_SHIFT"),
                    (h, row, columns) -> {
                        RowFields f = new RowFields(row, columns);
                        String employee = employeeKey(f);
                        LocalDate date = f.required("TANGGAL", Values::date);
                        String code = f.required("KODE_SHIFT", s -> s);
                        f.check();
                        return store.set(h, audit, employee, date, code, "KODE_SHIFT");
                    });
        }
        YearMonth ym = month.get();
        List<String> fields = new ArrayList<>(List.of("NIP", "NIK", "NAMA"));
        IntStream.rangeClosed(1, 31).forEach(d -> fields.add(Integer.toString(d)));
        return run(ImportKind.ROSTER, source, fields, Set.of("1"), (h, row, columns) -> {
            RowFields f = new RowFields(row, columns);
            String employee = employeeKey(f);
            f.check();
            // an unknown NIP or an office worker: one reject for the row, not one per day
            Lookups.Person person = RosterStore.rosterable(h, employee);
            Change change = null;
            List<FieldError> errors = new ArrayList<>();
            for (int day = 1; day <= 31; day++) {
                String code = f.text(Integer.toString(day));
                if (code.isEmpty()) {
                    continue;
                }
                if (day > ym.lengthOfMonth()) {
                    errors.add(new FieldError(Integer.toString(day), ym + " has only " + ym.lengthOfMonth() + " days"));
                    continue;
                }
                try {
                    Change c = store.set(h, audit, person, ym.atDay(day), code, Integer.toString(day));
                    change = change == null ? c : change.and(c);
                } catch (RowRejected e) {
                    errors.addAll(e.errors());
                }
            }
            if (!errors.isEmpty()) {
                throw new RowRejected(errors);
            }
            if (change == null) {
                throw new RowRejected("1", "no shift codes in columns 1.." + ym.lengthOfMonth());
            }
            return change;
        });
    }

    /** NIP or NIK, TANGGAL_MULAI, TANGGAL_SELESAI, JENIS_CUTI (CT, CS, ... DL, TB), NOMOR_SURAT. */
    public ImportResult leave(Source source) throws IOException {
        LeaveStore store = new LeaveStore(jdbi);
        return run(ImportKind.LEAVE, source, List.of("NIP", "NIK", "TANGGAL_MULAI", "TANGGAL_SELESAI", "JENIS_CUTI", "NOMOR_SURAT"),
                Set.of("TANGGAL_MULAI", "TANGGAL_SELESAI", "JENIS_CUTI"), (h, row, columns) -> {
                    RowFields f = new RowFields(row, columns);
                    String employee = employeeKey(f);
                    LocalDate from = f.required("TANGGAL_MULAI", Values::date);
                    LocalDate to = f.required("TANGGAL_SELESAI", Values::date);
                    LeaveType type = f.required("JENIS_CUTI", LeaveType::parse);
                    Optional<String> reference = f.optional("NOMOR_SURAT", s -> s);
                    Leave leave = f.build("TANGGAL_SELESAI", () -> new Leave(from, to, type, reference));
                    return store.upsert(h, audit, employee, leave);
                });
    }

    private ImportResult run(ImportKind kind, Source source, List<String> fields, Set<String> required,
                             RowImport.RowHandler handler) throws IOException {
        return new RowImport(jdbi).run(new RowImport.Request(kind, source.file(), source.sheet(), source.renames(), fields,
                required, source.dryRun(), source.encoding()), handler);
    }

    /** The NIP column, or the NIK column for PTT staff. */
    private static String employeeKey(RowFields f) {
        String nip = f.text("NIP");
        String key = nip.isEmpty() ? f.text("NIK") : nip;
        if (key.isEmpty()) {
            f.required("NIP", s -> s); // records "is empty"
        }
        return key;
    }

    private static boolean specialSchedule(String text) {
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "REGULER", "REGULAR" -> false;
            case "KHUSUS", "RAMADAN" -> true;
            default -> throw new IllegalArgumentException("must be REGULER or KHUSUS (e.g. Ramadan hours), got '" + text.strip() + "'");
        };
    }

}
