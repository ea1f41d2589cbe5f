package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.imports.FileLayout;
import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSource;
import id.presensi.imports.RowFields;
import id.presensi.imports.RowParser;
import id.presensi.imports.Values;
import id.presensi.rules.Holiday;
import id.presensi.rules.Leave;
import id.presensi.rules.LeaveType;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.ShiftType;
import id.presensi.rules.ValidityPeriod;
import id.presensi.store.Audit;
import id.presensi.store.CalendarStore;
import id.presensi.store.ImportResult;
import id.presensi.store.LeaveStore;
import id.presensi.store.LocationStore;
import id.presensi.store.RosterStore;
import id.presensi.store.ScheduleStore;
import id.presensi.store.ShiftStore;
import id.presensi.store.UnitStore;
import id.presensi.imports.RowRejected;
import id.presensi.unit.UnitNames;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The file formats of the work rules, each a {@link FileLayout}, a parser (the row's fields into a domain value, no
 * database) and the store that merges the value, run through the {@link ImportPipeline}.
 */
public final class RulesImports {

    private final Jdbi jdbi;
    private final Audit audit;

    public RulesImports(Jdbi jdbi, Audit audit) {
        this.jdbi = jdbi;
        this.audit = audit;
    }

    public static final FileLayout LOCATIONS = new FileLayout(ImportKind.LOCATION,
            List.of("KODE_UNIT", "NAMA_LOKASI", "LINTANG", "BUJUR", "RADIUS_M"),
            Set.of("KODE_UNIT", "NAMA_LOKASI", "LINTANG", "BUJUR", "RADIUS_M"));

    /** KODE_UNIT, NAMA_LOKASI, LINTANG, BUJUR, RADIUS_M. */
    public ImportResult locations(ImportSource source) throws IOException {
        LocationStore store = new LocationStore(jdbi);
        UnitNames units = new UnitStore(jdbi).names();
        return run(LOCATIONS, source, f -> {
            String unit = f.required("KODE_UNIT", units::resolve);
            String name = f.required("NAMA_LOKASI", s -> s);
            Double lat = f.required("LINTANG", Values::decimal);
            Double lon = f.required("BUJUR", Values::decimal);
            Integer radius = f.required("RADIUS_M", Values::wholeNumber);
            f.check();
            return new LocationStore.Location(unit, name, lat, lon, radius);
        }, (h, location) -> store.upsert(h, audit, location));
    }

    public static final FileLayout HOLIDAYS = new FileLayout(ImportKind.HOLIDAY, List.of("TANGGAL", "KETERANGAN", "JENIS"),
            Set.of("TANGGAL", "KETERANGAN", "JENIS"));

    /** TANGGAL, KETERANGAN, JENIS (LIBUR_NASIONAL, CUTI_BERSAMA or LIBUR_DAERAH). */
    public ImportResult holidays(ImportSource source) throws IOException {
        CalendarStore store = new CalendarStore(jdbi);
        return run(HOLIDAYS, source, f -> {
            LocalDate day = f.required("TANGGAL", Values::date);
            String description = f.required("KETERANGAN", s -> s);
            Holiday.Kind kind = f.required("JENIS", Holiday.Kind::parse);
            f.check();
            return new Holiday(day, description, kind);
        }, (h, holiday) -> {
            try {
                return store.upsert(h, audit, holiday);
            } catch (IllegalStateException closedMonth) {
                throw new RowRejected("TANGGAL", closedMonth.getMessage());
            }
        });
    }

    public static final List<String> SCHEDULE_FIELDS = List.of("NAMA_JADWAL", "KODE_UNIT", "JENIS_JADWAL", "BERLAKU_MULAI",
            "BERLAKU_SAMPAI", "HARI", "MASUK_BUKA", "MASUK_TUTUP", "JAM_MULAI", "TOLERANSI_TERLAMBAT", "JAM_SELESAI",
            "TOLERANSI_PULANG", "PULANG_BUKA", "PULANG_TUTUP");

    public static final FileLayout SCHEDULES = new FileLayout(ImportKind.SCHEDULE, SCHEDULE_FIELDS, Set.of("NAMA_JADWAL",
            "BERLAKU_MULAI", "HARI", "MASUK_BUKA", "MASUK_TUTUP", "JAM_MULAI", "JAM_SELESAI", "PULANG_BUKA", "PULANG_TUTUP"));

    /** One schedule row: its header and the hours of its group of weekdays. */
    private record ScheduleRow(ScheduleStore.Header header, List<ScheduleDay> days) {
    }

    /** One row per schedule and group of weekdays (HARI: SENIN-KAMIS); KODE_UNIT blank means regency-wide. */
    public ImportResult schedules(ImportSource source) throws IOException {
        ScheduleStore store = new ScheduleStore(jdbi);
        UnitNames units = new UnitStore(jdbi).names();
        Set<String> createdByThisFile = new HashSet<>(); // a new schedule's second row of days is new too, not an update
        return run(SCHEDULES, source, f -> {
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
            return new ScheduleRow(new ScheduleStore.Header(name, unit, special, validity), hours);
        }, (h, row) -> {
            Change change = store.define(h, audit, row.header(), row.days());
            String name = row.header().name();
            if (change == Change.INSERTED) {
                createdByThisFile.add(name);
            }
            return change == Change.UPDATED && createdByThisFile.contains(name) ? Change.INSERTED : change;
        });
    }

    public static final FileLayout SHIFTS = new FileLayout(ImportKind.SHIFT, List.of("KODE_UNIT", "KODE_SHIFT", "NAMA_SHIFT",
            "JAM_MULAI", "JAM_SELESAI", "BUKA_SEBELUM_MENIT", "TOLERANSI_TERLAMBAT", "TOLERANSI_PULANG_CEPAT", "TUTUP_SETELAH_MENIT"),
            Set.of("KODE_SHIFT", "NAMA_SHIFT", "JAM_MULAI", "JAM_SELESAI"));

    /** KODE_UNIT (blank: regency-wide), KODE_SHIFT, NAMA_SHIFT, JAM_MULAI, JAM_SELESAI and the window minutes. */
    public ImportResult shifts(ImportSource source) throws IOException {
        UnitNames units = new UnitStore(jdbi).names();
        ShiftStore store = new ShiftStore(jdbi);
        return run(SHIFTS, source, f -> {
            Optional<String> unit = f.optional("KODE_UNIT", units::resolve);
            String code = f.required("KODE_SHIFT", ShiftType::code);
            String name = f.required("NAMA_SHIFT", s -> s);
            var start = f.required("JAM_MULAI", Values::time);
            var end = f.required("JAM_SELESAI", Values::time);
            int before = f.optional("BUKA_SEBELUM_MENIT", Values::wholeNumber).orElse(60);
            int grace = f.optional("TOLERANSI_TERLAMBAT", Values::wholeNumber).orElse(0);
            int earlyGrace = f.optional("TOLERANSI_PULANG_CEPAT", Values::wholeNumber).orElse(0);
            int after = f.optional("TUTUP_SETELAH_MENIT", Values::wholeNumber).orElse(120);
            return f.build("JAM_SELESAI", () -> new ShiftType(code, name, unit, start, end, before, grace, earlyGrace, after));
        }, (h, shift) -> store.upsert(h, audit, shift));
    }

    public static final FileLayout ROSTER = new FileLayout(ImportKind.ROSTER, List.of("NIP", "NIK", "TANGGAL", "KODE_SHIFT"),
            Set.of("TANGGAL", "KODE_SHIFT"));

    /** One day of a roster in the long format. */
    private record RosterDay(String employeeKey, LocalDate date, String code) {
    }

    /** One row of the monthly matrix: the shift code written under each day's column, by day. */
    private record RosterMonth(String employeeKey, Map<Integer, String> codes) {
    }

    /**
     * A roster in the long format (NIP or NIK, TANGGAL, KODE_SHIFT), or, when {@code month} is given, the
     * monthly matrix hospitals keep: one row per employee, columns 1..31 holding shift codes (blank: not set).
     */
    public ImportResult roster(ImportSource source, Optional<YearMonth> month) throws IOException {
        RosterStore store = new RosterStore(jdbi);
        if (month.isEmpty()) {
            return run(ROSTER, source, f -> {
                String employee = employeeKey(f);
                LocalDate date = f.required("TANGGAL", Values::date);
                String code = f.required("KODE_SHIFT", s -> s);
                f.check();
                return new RosterDay(employee, date, code);
            }, (h, day) -> store.set(h, audit, day.employeeKey(), day.date(), day.code(), "KODE_SHIFT"));
        }
        YearMonth ym = month.get();
        List<String> fields = new ArrayList<>(List.of("NIP", "NIK", "NAMA"));
        IntStream.rangeClosed(1, 31).forEach(d -> fields.add(Integer.toString(d)));
        return run(new FileLayout(ImportKind.ROSTER, fields, Set.of("1")), source, f -> {
            String employee = employeeKey(f);
            f.check();
            Map<Integer, String> codes = new LinkedHashMap<>();
            for (int day = 1; day <= 31; day++) {
                String code = f.text(Integer.toString(day));
                if (!code.isEmpty()) {
                    codes.put(day, code);
                }
            }
            return new RosterMonth(employee, codes);
        }, (h, row) -> store.setMonth(h, audit, row.employeeKey(), ym, row.codes()));
    }

    public static final FileLayout LEAVE = new FileLayout(ImportKind.LEAVE, List.of("NIP", "NIK", "TANGGAL_MULAI",
            "TANGGAL_SELESAI", "JENIS_CUTI", "NOMOR_SURAT"), Set.of("TANGGAL_MULAI", "TANGGAL_SELESAI", "JENIS_CUTI"));

    private record LeaveRow(String employeeKey, Leave leave) {
    }

    /** NIP or NIK, TANGGAL_MULAI, TANGGAL_SELESAI, JENIS_CUTI (CT, CS, ... DL, TB), NOMOR_SURAT. */
    public ImportResult leave(ImportSource source) throws IOException {
        LeaveStore store = new LeaveStore(jdbi);
        return run(LEAVE, source, f -> {
            String employee = employeeKey(f);
            LocalDate from = f.required("TANGGAL_MULAI", Values::date);
            LocalDate to = f.required("TANGGAL_SELESAI", Values::date);
            LeaveType type = f.required("JENIS_CUTI", LeaveType::parse);
            Optional<String> reference = f.optional("NOMOR_SURAT", s -> s);
            return new LeaveRow(employee, f.build("TANGGAL_SELESAI", () -> new Leave(from, to, type, reference)));
        }, (h, row) -> store.upsert(h, audit, row.employeeKey(), row.leave()));
    }

    private <T> ImportResult run(FileLayout layout, ImportSource source, RowParser<T> parser, ImportPipeline.Merger<T> merger)
            throws IOException {
        return new ImportPipeline(jdbi).run(layout, source, parser, merger);
    }

    /** The NIP column, or the NIK column for PTT staff. */
    static String employeeKey(RowFields f) {
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
