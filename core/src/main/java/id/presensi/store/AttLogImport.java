package id.presensi.store;

import id.presensi.imports.Reject;
import id.presensi.machine.MachinePunch;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files the punches of a machine's USB download (read by {@code app.AttLogFile}) in one transaction: every PIN looked
 * up on the machine, everyone's rules for the file's days loaded once, the work date of each punch decided by the
 * rules (a night nurse's 07:03 punch belongs to the shift that began the evening before), and the punches stored in
 * large batches. A punch whose PIN nobody has is rejected alone with its line number; filing the same download again
 * stores nothing twice.
 */
public final class AttLogImport {
    public static final List<String> HEADER = List.of("PIN", "WAKTU", "ID_MESIN", "STATUS", "VERIFIKASI", "KODE_KERJA");
    private static final int BATCH = 10_000;

    private AttLogImport() {
    }

    /** One parsed line of the download, with its line number and text for a reject. */
    public record Line(int number, String text, MachinePunch punch) {
    }

    /** Punches stored, punches matched to someone (stored or already there), and the lines set aside, in file order. */
    public record Filed(long inserted, long matched, List<Reject> rejects) {
    }

    /** A line's fields as its reject shows them. */
    public static List<String> fields(String text) {
        return List.of(text.strip().split("\t", -1));
    }

    public static Filed file(Handle h, String serial, List<Line> lines) {
        MachineStore.Machine machine = MachineStore.find(h, serial).orElseThrow(() -> new IllegalArgumentException(
                "no machine " + serial + " is registered in your units; add it with 'presensi machine add " + serial + " --unit ... --name ...'"));
        Map<String, Long> pins = MachinePinStore.onMachine(h, machine.id(), Optional.empty());
        Map<Long, RulesLoader.Loaded> rules = rules(h, lines);
        List<CheckInStore.FromMachine> batch = new ArrayList<>(BATCH);
        List<Reject> rejects = new ArrayList<>();
        long inserted = 0;
        long matched = 0;
        for (Line line : lines) {
            MachinePunch p = line.punch();
            Long employeeId = pins.get(p.pin());
            RulesLoader.Loaded who = employeeId == null ? null : rules.get(employeeId);
            if (who == null) {
                rejects.add(new Reject(line.number(), "PIN", employeeId == null
                        ? "PIN " + p.pin() + " is not enrolled on machine " + serial + " nor on every machine; enroll it with 'presensi machine pin import'"
                        : "PIN " + p.pin() + " belongs to an employee who is not active on " + p.time().toLocalDate(), fields(line.text())));
                continue;
            }
            Optional<LocalDate> ended = who.rules().endedFrom().filter(end -> !p.time().toLocalDate().isBefore(end));
            if (ended.isPresent()) {
                // as the push does: a punch after the employment ended is set aside, never filed as attendance
                rejects.add(new Reject(line.number(), "WAKTU", "the employment of PIN " + p.pin() + " ended from " + ended.get()
                        + ": a punch after it is set aside, not filed", fields(line.text())));
                continue;
            }
            batch.add(CheckInStore.FromMachine.filed(serial, p, p.time().atZone(machine.zone()).toInstant(), employeeId, who.rules()));
            matched++;
            if (batch.size() == BATCH) {
                inserted += CheckInStore.insertFromMachines(h, batch).size();
                batch.clear();
            }
        }
        inserted += CheckInStore.insertFromMachines(h, batch).size();
        return new Filed(inserted, matched, rejects);
    }

    /** Everyone's rules from the day before the first punch to the day after the last, in one load. */
    private static Map<Long, RulesLoader.Loaded> rules(Handle h, List<Line> lines) {
        Optional<LocalDate> first = lines.stream().map(l -> l.punch().time().toLocalDate()).min(LocalDate::compareTo);
        Optional<LocalDate> last = lines.stream().map(l -> l.punch().time().toLocalDate()).max(LocalDate::compareTo);
        return first.isEmpty() ? Map.of() : RulesLoader.loadAll(h, first.get().minusDays(1), last.get().plusDays(1));
    }
}
