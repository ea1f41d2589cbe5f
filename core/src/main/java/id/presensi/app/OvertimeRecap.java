package id.presensi.app;

import id.presensi.overtime.Golongan;
import id.presensi.overtime.OvertimeRule;
import id.presensi.overtime.OvertimeTariff;
import id.presensi.recap.DeductionRules;
import id.presensi.store.OvertimeStore;
import id.presensi.store.RecapStore;
import org.jdbi.v3.core.Jdbi;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A month's overtime per employee: JAM LEMBUR (counted from the punches after the day's end, within the order, under
 * the rule file's caps per day and per month) and the amount (uang lembur per full hour and uang makan lembur per day,
 * at the tariff in force at the month's end for the golongan of the employee's latest order).
 */
public final class OvertimeRecap {
    private final OvertimeStore store;
    private final RecapStore recap;

    public OvertimeRecap(Jdbi jdbi) {
        this.store = new OvertimeStore(jdbi);
        this.recap = new RecapStore(jdbi);
    }

    /** One employee's month; {@code tariff} empty when the regency has imported none for the golongan. */
    public record Line(String key, String name, String unitCode, Golongan golongan, int orderedDays, long orderedMin, long countedMin,
                       Optional<OvertimeTariff> tariff, long amountRupiah, List<OvertimeRule.CountedDay> days) {
        /** The counted time as hours and minutes. */
        public String hours() {
            return String.format("%d:%02d", countedMin / 60, countedMin % 60);
        }

        /** JAM LEMBUR of the recap: each day's counted time in full hours, as uang lembur pays them. */
        public long paidHours() {
            return days.stream().mapToLong(d -> d.countedMin() / 60).sum();
        }
    }

    public List<Line> month(YearMonth month, Optional<String> unitCode) {
        OvertimeRule.Caps caps = caps(month);
        Map<Golongan, OvertimeTariff> tariffs = store.tariffs(month.atEndOfMonth());
        return store.orderedMonth(month, unitCode).stream().map(m -> {
            List<OvertimeRule.CountedDay> days = OvertimeRule.month(m.days(), caps);
            Optional<OvertimeTariff> tariff = Optional.ofNullable(tariffs.get(m.golongan()));
            long amount = tariff.map(t -> days.stream().mapToLong(d -> t.pay(d.countedMin())).sum()).orElse(0L);
            return new Line(m.key(), m.name(), m.unitCode(), m.golongan(), days.size(), days.stream().mapToLong(OvertimeRule.CountedDay::orderedMin).sum(),
                    days.stream().mapToLong(OvertimeRule.CountedDay::countedMin).sum(), tariff, amount, days);
        }).toList();
    }

    /** The caps of the rule file in force at the month's end; none without a rule file. */
    private OvertimeRule.Caps caps(YearMonth month) {
        try {
            DeductionRules rules = recap.deductionRules(month.atEndOfMonth());
            return rules.overtimeCaps();
        } catch (IllegalStateException noRulesYet) {
            return OvertimeRule.Caps.NONE;
        }
    }
}
