package id.presensi.app;

import id.presensi.leavebalance.AnnualLeaveLedger;
import id.presensi.recap.DeductionRules;
import id.presensi.request.RequestKind;
import id.presensi.staff.EmployeeType;
import id.presensi.store.LeaveBalanceStore;
import id.presensi.store.RecapStore;
import id.presensi.store.RequestStore;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Sisa cuti saya berapa?": the cuti tahunan ledger of an employee or a unit for a year, from the opening balances,
 * the CT leave recorded or granted on request, the year's cuti bersama and the rule file in force at the year's end
 * (cuti_bersama_potong_cuti_tahunan, cuti_tahunan_pppk_hari). The ledger starts in the latest year with an opening
 * balance, else in the year Presensi first knew the employee, carrying nothing into that year; at most ten years back.
 */
public final class LeaveBalances {
    static final int PNS_ANNUAL_LEAVE_DAYS = 12; // PP 11/2017 Pasal 311
    private static final int YEARS_BACK = 10;

    private final LeaveBalanceStore store;
    private final RecapStore recap;
    private final RequestStore requests;

    public LeaveBalances(Jdbi jdbi) {
        this.store = new LeaveBalanceStore(jdbi);
        this.recap = new RecapStore(jdbi);
        this.requests = new RequestStore(jdbi);
    }

    /** One employee's year: who, and the ledger's line for the year (earlier years in {@code ledger}). */
    public record Balance(LeaveBalanceStore.Person person, AnnualLeaveLedger.Year year, List<AnnualLeaveLedger.Year> ledger) {
        public int remaining() {
            return year.remaining();
        }
    }

    public Balance of(String employeeKey, int year) {
        return of(List.of(store.person(employeeKey)), year).get(0);
    }

    public Balance of(long employeeId, int year) {
        return of(List.of(store.person(employeeId)), year).get(0);
    }

    public List<Balance> unit(String unitCode, int year) {
        return of(store.unit(unitCode), year);
    }

    /**
     * The refusal, in Indonesian, of a CT request of {@code requestedDays} working days that exceeds the balance of the
     * year it starts in, less the days of CT requests still waiting for a decision (two requests that each fit would
     * otherwise both be approved past the balance); empty when the balance covers it.
     */
    public Optional<String> refusal(long employeeId, LocalDate from, int requestedDays) {
        Balance b = of(employeeId, from.getYear());
        int pending = requests.pendingWorkingDays(employeeId, RequestKind.CT, from.getYear());
        if (requestedDays <= b.remaining() - pending) {
            return Optional.empty();
        }
        return Optional.of("Sisa cuti tahunan " + from.getYear() + " Anda " + Math.max(0, b.remaining()) + " hari kerja"
                + (pending > 0 ? ", " + pending + " di antaranya sudah diminta dan menunggu keputusan" : "") + "; permintaan ini "
                + requestedDays + " hari kerja.");
    }

    private List<Balance> of(List<LeaveBalanceStore.Person> people, int year) {
        int from = year - YEARS_BACK;
        Map<Long, LeaveBalanceStore.History> histories = store.histories(people.stream().map(LeaveBalanceStore.Person::id).toList(), from, year);
        Map<Integer, Integer> cutiBersama = store.cutiBersamaDays(from, year);
        Map<Integer, DeductionRules> rules = new java.util.HashMap<>();
        List<Balance> balances = new ArrayList<>();
        for (LeaveBalanceStore.Person p : people) {
            LeaveBalanceStore.History h = histories.get(p.id());
            int start = h.openings().keySet().stream().max(Integer::compare).orElse(Math.max(p.since(), from));
            start = Math.min(Math.max(start, from), year);
            List<AnnualLeaveLedger.YearFacts> facts = new ArrayList<>();
            for (int y = start; y <= year; y++) {
                DeductionRules r = rules.computeIfAbsent(y, this::rules);
                int entitlement = switch (p.type()) {
                    case PNS -> PNS_ANNUAL_LEAVE_DAYS;
                    case PPPK -> r.pppkAnnualLeaveDays();
                    case PTT -> 0;
                };
                // cuti bersama is taken from ASN's cuti tahunan by the year's Keppres, where the rule file says so; PTT have none to take from
                int charged = p.type() != EmployeeType.PTT && r.cutiBersamaIsAnnualLeave() ? cutiBersama.getOrDefault(y, 0) : 0;
                facts.add(new AnnualLeaveLedger.YearFacts(y, entitlement, Optional.ofNullable(h.openings().get(y)), charged,
                        h.takenDays().getOrDefault(y, 0)));
            }
            List<AnnualLeaveLedger.Year> ledger = AnnualLeaveLedger.of(facts);
            balances.add(new Balance(p, ledger.get(ledger.size() - 1), ledger));
        }
        return balances;
    }

    /** The rule file in force at the year's end; without any, the defaults (cuti bersama taken from cuti tahunan, PPPK 12 days). */
    private DeductionRules rules(int year) {
        try {
            return recap.deductionRules(LocalDate.of(year, 12, 31));
        } catch (IllegalStateException noneYet) {
            return DeductionRules.of(new id.presensi.recap.DeductionTable("bawaan", LocalDate.of(year, 1, 1), Map.of(),
                    java.math.BigDecimal.valueOf(100)));
        }
    }
}
