package id.presensi.report;

import id.presensi.app.OvertimeRecap;
import id.presensi.recap.DeductionRules;
import id.presensi.recap.EmployeeMonth;
import id.presensi.recap.SanctionHistory;
import id.presensi.store.OperatorStore;
import id.presensi.store.PolicyStore;
import id.presensi.store.RecapStore;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The monthly recap of a scope (a unit and its sub-units, or all the connection sees), as {@code presensi report
 * monthly} writes it and the desk downloads it: one code for both, so the same scope gives the same bytes.
 * What is read once per recap (rules, sanction histories, the calendar's JHK of an unfinished month) is its {@link RecapBasis}.
 */
public final class MonthlyRecap {
    private static final Logger log = LoggerFactory.getLogger(MonthlyRecap.class);
    /** When the recap began reading (rules, scope and completeness first), for the time it took in the log. */
    private final long started = System.nanoTime();
    private final Jdbi jdbi;
    private final RecapStore store;
    private final YearMonth month;
    private final RecapStore.Completeness completeness;
    private final DeductionRules rules;
    private final List<RecapStore.Unit> units;
    private final Map<Long, Integer> calendarJhk;
    private final Map<Long, SanctionHistory> histories;
    /** Each employee's overtime, by NIP/NIK and the unit their orders were counted under. */
    private final Map<String, EmployeeMonth.Overtime> overtime = new HashMap<>();

    /** @throws IllegalArgumentException when the unit does not exist */
    public MonthlyRecap(Jdbi jdbi, YearMonth month, Optional<String> unitCode) {
        this.jdbi = jdbi;
        this.store = new RecapStore(jdbi);
        this.month = month;
        List<RecapStore.Unit> named = store.units(unitCode);
        if (named.isEmpty()) {
            throw new IllegalArgumentException("unit " + unitCode.orElse("") + " does not exist");
        }
        // an OPD admin reads every unit's name but only their own units' staff: another unit's recap would be an
        // empty file that looks like a unit without staff, so it is refused, and without a unit they get theirs
        Optional<Set<Long>> mine = new OperatorStore(jdbi).writableUnits();
        if (mine.isPresent()) {
            if (unitCode.isPresent() && named.stream().noneMatch(u -> u.code().equalsIgnoreCase(unitCode.get()) && mine.get().contains(u.id()))) {
                throw new IllegalArgumentException("unit " + unitCode.get().toUpperCase(Locale.ROOT)
                        + " is not one of your units: an OPD admin makes the recap of their own unit and the units under it");
            }
            named = named.stream().filter(u -> mine.get().contains(u.id())).toList();
        }
        this.units = named;
        RecapBasis basis = RecapBasis.ofScope(store, month, unitCode);
        this.completeness = basis.completeness();
        this.calendarJhk = basis.calendarJhk();
        this.rules = basis.rules();
        this.histories = basis.histories();
        new OvertimeRecap(jdbi).month(month, unitCode).forEach(l -> overtime.put(l.key() + "/" + l.unitCode(),
                new EmployeeMonth.Overtime(l.countedMin(), l.paidHours(), l.amountRupiah())));
    }

    /** The month with its overtime: filed under the employee's current unit, where their orders are counted. */
    private EmployeeMonth withOvertime(RecapStore.Unit unit, EmployeeMonth m) {
        return m.withOvertime(overtime.getOrDefault(m.key() + "/" + unit.code(), EmployeeMonth.Overtime.NONE));
    }

    public YearMonth month() {
        return month;
    }

    public DeductionRules rules() {
        return rules;
    }

    public RecapStore.Completeness completeness() {
        return completeness;
    }

    public List<RecapStore.Unit> units() {
        return units;
    }

    /** Every employee's month with its deduction's lines, unit by unit in code order, one at a time. */
    public void employees(EmployeeSink sink) {
        employees(true, sink);
    }

    /** {@code explained} false: the months without their deduction's lines, for the files, which show the percent alone. */
    private void employees(boolean explained, EmployeeSink sink) {
        store.employeeMonths(units, month, rules, calendarJhk, histories, explained,
                (u, months) -> months.read(m -> sink.accept(u, withOvertime(u, m)), day -> { }));
    }

    /** An employee's month and the unit it is filed under. */
    @FunctionalInterface
    public interface EmployeeSink {
        void accept(RecapStore.Unit unit, EmployeeMonth month);
    }

    /** The recap rows as CSV; returns how many employees were written. */
    public int writeCsv(Writer writer, char delimiter) throws IOException {
        int[] employees = {0};
        try (RecapCsv csv = new RecapCsv(writer, delimiter)) {
            employees(false, (u, m) -> {
                employees[0]++;
                csv.add(u.code(), m);
            });
        }
        log.info("monthly recap {} as CSV: {} employees in {} ms", month, employees[0], (System.nanoTime() - started) / 1_000_000);
        return employees[0];
    }

    /** The workbook (summary, recap and daily sheets per unit); {@code regency} overrides the configured title once. */
    public int writeXlsx(OutputStream stream, Optional<String> regency) throws IOException {
        PolicyStore.Regency configured = new PolicyStore(jdbi).regency();
        int[] employees = {0};
        MonthlyRecapWorkbook workbook = new MonthlyRecapWorkbook(stream, month, regency.orElse(configured.title()), configured.city(), rules,
                new HashSet<>(store.holidays(month)));
        // the summaries come first in the workbook but are drawn from the records the unit sheets stream: their
        // places are taken now and they are written once each unit's records have been read, in that one pass
        workbook.reserveSummaries(units.stream().map(RecapStore.Unit::code).toList());
        Map<Long, RecapStore.DailyRates> rates = new HashMap<>();
        try {
            store.employeeMonths(units, month, rules, calendarJhk, histories, false, (u, months) -> {
                RecapStore.DailyRates unitRates = rates.computeIfAbsent(u.id(), id -> new RecapStore.DailyRates());
                try {
                    workbook.addUnit(u.code(), u.name(), u.head(), sink -> months.read(m -> {
                        employees[0]++;
                        sink.accept(withOvertime(u, m));
                    }, unitRates));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Map<Long, RecapStore.Completeness> unitCompleteness = store.completeness(month, units);
        for (RecapStore.Unit u : units) {
            workbook.addSummary(u.code(), u.name(), rates.get(u.id()).rates(), unitCompleteness.get(u.id()).notice());
        }
        workbook.finish();
        log.info("monthly recap {} as XLSX: {} employees in {} ms", month, employees[0], (System.nanoTime() - started) / 1_000_000);
        return employees[0];
    }
}
