package id.presensi.store;

import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;
import id.presensi.machine.AttLog;
import id.presensi.machine.MachinePunch;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fingerprint machine's USB download ({@code attlog.dat}) read in one transaction: every line parsed, every
 * PIN looked up on the machine, everyone's rules for the file's days loaded once, the work date of each punch
 * decided by the rules (a night nurse's 07:03 punch belongs to the shift that began the evening before), and the
 * punches stored in large batches. A line that is malformed, or whose PIN nobody has, is rejected alone with its
 * line number; importing the same download again stores nothing twice.
 */
public final class AttLogImport {
    static final List<String> HEADER = List.of("PIN", "WAKTU", "ID_MESIN", "STATUS", "VERIFIKASI", "KODE_KERJA");
    private static final int BATCH = 10_000;

    private final Jdbi jdbi;

    public AttLogImport(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private record Line(int number, String text, MachinePunch punch) {
    }

    public ImportResult importFile(Path file, String serial, boolean dryRun) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        int read = read(file, lines, rejects);
        if (read == 0) {
            throw new IllegalArgumentException(file + ": no punches in the file; nothing was imported");
        }
        ImportRunStore runs = new ImportRunStore(jdbi);
        long runId = runs.begin(ImportKind.PUNCH, file.toString(), dryRun);
        try {
            return jdbi.inTransaction(h -> {
                MachineStore.Machine machine = MachineStore.find(h, serial).orElseThrow(() -> new IllegalArgumentException(
                        "no machine " + serial + " is registered in your units; add it with 'presensi machine add " + serial + " --unit ... --name ...'"));
                Map<String, Long> pins = MachinePinStore.onMachine(h, machine.id(), Optional.empty());
                Map<Long, RulesLoader.Loaded> rules = rules(h, lines);
                List<CheckInStore.FromMachine> batch = new ArrayList<>(BATCH);
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
                    java.util.Optional<java.time.LocalDate> ended = who.rules().endedFrom().filter(end -> !p.time().toLocalDate().isBefore(end));
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
                rejects.sort(Comparator.comparingInt(Reject::rowNumber));
                ImportSummary summary = new ImportSummary(read, inserted, 0, matched - inserted, rejects.size());
                if (dryRun) {
                    h.rollback();
                } else {
                    runs.addRejects(h, runId, rejects);
                }
                runs.complete(h, runId, summary);
                return new ImportResult(runId, summary, HEADER, rejects);
            });
        } catch (RuntimeException e) {
            runs.fail(runId, e.getMessage());
            throw e;
        }
    }

    /** Parses every line; returns how many non-blank lines there were. A file that is not text is refused whole. */
    private static int read(Path file, List<Line> lines, List<Reject> rejects) throws IOException {
        int read = 0;
        // ISO-8859-1 maps every byte to a character: the lines are ASCII, and anything else is reported, not a decoding error
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            int number = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                number++;
                if (text.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException(file + ": line " + number + " holds binary data; this is not a machine's attlog download");
                }
                if (text.isBlank()) {
                    continue;
                }
                read++;
                AttLog.Line parsed = AttLog.parse(text, AttLog.Layout.USB);
                if (parsed instanceof AttLog.Read r) {
                    lines.add(new Line(number, text, r.punch()));
                } else if (parsed instanceof AttLog.Refused r) {
                    rejects.add(new Reject(number, r.field(), r.reason(), fields(text)));
                }
            }
        }
        return read;
    }

    private static List<String> fields(String text) {
        return List.of(text.strip().split("\t", -1));
    }

    /** Everyone's rules from the day before the first punch to the day after the last, in one load. */
    private static Map<Long, RulesLoader.Loaded> rules(Handle h, List<Line> lines) {
        Optional<LocalDate> first = lines.stream().map(l -> l.punch().time().toLocalDate()).min(LocalDate::compareTo);
        Optional<LocalDate> last = lines.stream().map(l -> l.punch().time().toLocalDate()).max(LocalDate::compareTo);
        return first.isEmpty() ? Map.of() : RulesLoader.loadAll(h, first.get().minusDays(1), last.get().plusDays(1));
    }
}
