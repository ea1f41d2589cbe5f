package id.presensi.cli;

import id.presensi.app.RequestDecisions;
import id.presensi.files.PrivateFiles;
import id.presensi.photo.Photo;
import id.presensi.request.RequestPolicy;
import id.presensi.store.RequestChainStore;
import id.presensi.store.RequestStore;
import id.presensi.text.Text;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "request", mixinStandardHelpOptions = true,
        description = {"Requests staff make from the check-in page (permohonan): izin (I), sakit (S), dinas luar (DL), a forgotten",
                "check-in or check-out (LUPA_MASUK, LUPA_PULANG), a check-in made off site (DI_LUAR_LOKASI). The OPD admin approves",
                "or rejects; an approval records the leave, or the correction punch (KOREKSI) at the time asked for. A unit's approval",
                "chain (request chain set) makes a kind go through steps: the OPD admin, the head (or plt), BKPSDM."},
        subcommands = {RequestCommand.List.class, RequestCommand.Show.class, RequestCommand.Approve.class, RequestCommand.Reject.class,
                RequestCommand.Rules.class, RequestChainCommand.class, RequestCommand.Escalate.class})
class RequestCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Requests of a unit (and its sub-units) or all you see; pending first.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, APPROVED or REJECTED.") String status;

        private static final Table<RequestDecisions.Standing> TABLE = Table.of(RequestDecisions.Standing.class)
                .number("ID", 6, r -> r.request().id()).column("NIP/NIK", 18, r -> r.request().employeeKey())
                .column("NAMA", 24, r -> r.request().name()).column("KODE_UNIT", 10, r -> r.request().unitCode())
                .column("JENIS", 14, r -> r.request().kind()).column("TANGGAL", 10, r -> r.request().from())
                .column("SAMPAI", 10, r -> r.request().to()).column("JAM", 16, r -> r.request().at().map(TimeZones::local))
                .column("STATUS", 9, r -> r.request().status()).column("LANGKAH", 40, r -> r.where(t -> TimeZones.local(t).toString()))
                .column("ALASAN", 0, r -> r.request().reason())
                .footer(rows -> Count.of(rows.size(), "request", "requests") + String.format(", %,d pending",
                        rows.stream().filter(r -> r.request().status().equals("PENDING")).count()));

        @Override
        public Integer call() {
            Optional<String> s = Optional.ofNullable(status).map(t -> t.strip().toUpperCase(Locale.ROOT));
            if (s.isPresent() && !java.util.List.of("PENDING", "APPROVED", "REJECTED").contains(s.get())) {
                throw new IllegalArgumentException("--status must be PENDING, APPROVED or REJECTED, got '" + status + "'");
            }
            output.print(spec.commandLine().getOut(), db.read(d -> new RequestDecisions(d.jdbi()).list(Optional.ofNullable(unit), s)), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One request in full; --photo FILE writes its attached letter.")
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--photo", paramLabel = "FILE") Path photo;

        @Override
        public Integer call() throws Exception {
            RequestStore.Stored r = db.read(d -> new RequestStore(d.jdbi()).find(id))
                    .orElseThrow(() -> new IllegalArgumentException("no request #" + id + " in your units"));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Request #%d (%s): %s %s (%s, unit %s)%n", r.id(), r.status(), r.kind().label(), r.employeeKey(), r.name(), r.unitCode());
            out.printf("  days:      %s%s%n", r.from(), r.to().equals(r.from()) ? "" : " .. " + r.to());
            r.at().ifPresent(t -> out.printf("  time:      %s (%s)%n", TimeZones.local(t), r.punchType().map(Enum::name).orElse("")));
            out.printf("  reason:    %s%n  submitted: %s%n", Text.printable(r.reason()), TimeZones.local(r.submittedAt()));
            r.decidedBy().ifPresent(b -> out.printf("  decided:   %s by %s%s%n", r.decidedAt().map(TimeZones::local).orElse(null), b,
                    r.note().map(n -> ": " + Text.printable(n)).orElse("")));
            out.printf("  letter:    %s%n", r.attachmentBytes().map(b -> String.format("%,d bytes", b)).orElse("none"));
            for (RequestChainStore.Step step : db.read(d -> new RequestDecisions(d.jdbi()).standing(id)).steps()) {
                out.printf("  step %d:    %s %s%s%s%s%n", step.position(), step.actor(), step.status(),
                        step.signer().map(n -> " (" + n + ")").orElse(""),
                        step.decidedBy().map(b -> " by " + b + step.decidedAt().map(t -> " at " + TimeZones.local(t)).orElse(""))
                                .orElse(step.dueAt().map(t -> " until " + TimeZones.local(t)).orElse("")),
                        step.note().map(n -> ": " + Text.printable(n)).orElse(""));
            }
            if (photo != null) {
                Photo a = db.read(d -> new RequestStore(d.jdbi()).attachment(id, Optional.empty()))
                        .orElseThrow(() -> new IllegalArgumentException("request #" + id + " has no letter attached"));
                PrivateFiles.write(photo, a.bytes());
                out.printf("  written to %s (%s)%n", photo, a.contentType());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve pending requests at their current step (several IDs: each on its own, the admin step in bulk).",
                    "Without a chain, or at the chain's last step, the leave or the correction punch is recorded at once (reconcile the day after)."})
    static class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "ID", arity = "1..*") java.util.List<Long> ids;
        @Option(names = "--note", paramLabel = "TEXT") String note;

        @Override
        public Integer call() {
            return decideEach(spec, db, ids, true, Optional.ofNullable(note));
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject pending requests at their current step, saying why (the employee reads it).")
    static class Reject implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "ID", arity = "1..*") java.util.List<Long> ids;
        @Option(names = "--note", required = true, paramLabel = "TEXT") String note;

        @Override
        public Integer call() {
            if (note.isBlank()) {
                throw new IllegalArgumentException("--note must say why");
            }
            return decideEach(spec, db, ids, false, Optional.of(note.strip()));
        }
    }

    /** Each request in its own transaction: one refused (not its turn, not in scope) leaves the others decided. */
    private static int decideEach(CommandSpec spec, ChangeOptions db, java.util.List<Long> ids, boolean approve, Optional<String> note) {
        if (ids.size() == 1) {
            print(spec, db.change(spec, (jdbi, h, audit) -> new RequestDecisions(jdbi).decide(h, audit, ids.get(0), approve, note)), approve);
            return ExitCodes.OK;
        }
        int failed = 0;
        for (long id : ids) {
            try {
                print(spec, db.change(spec, (jdbi, h, audit) -> new RequestDecisions(jdbi).decide(h, audit, id, approve, note)), approve);
            } catch (RuntimeException e) {
                failed++;
                spec.commandLine().getErr().printf("Request #%d: %s%n", id, Text.printable(String.valueOf(e.getMessage())).lines().findFirst().orElse(""));
            }
        }
        spec.commandLine().getOut().printf("%d of %d request(s) %s.%n", ids.size() - failed, ids.size(), approve ? "approved" : "rejected");
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void print(CommandSpec spec, RequestStore.Stored r, boolean approve) {
        String what = r.status().equals("PENDING") ? (approve ? "Approved the step of" : "Rejected") + " request #" + r.id() + " (now at the next step)"
                : (approve ? "Approved" : "Rejected") + " request #" + r.id();
        spec.commandLine().getOut().printf("%s: %s for %s (%s) on %s%s.%n", what, r.kind().label(), r.name(),
                r.employeeKey(), r.from(), r.to().equals(r.from()) ? "" : " .. " + r.to());
    }

    @Command(name = "escalate", mixinStandardHelpOptions = true,
            description = {"Escalate or lapse the approval steps past their deadline, as each chain says (BKPSDM; run it from cron).",
                    "ESCALATE hands the request to the next step; LAPSE rejects it as expired (kedaluwarsa). Each is audited; a second run does nothing."})
    static class Escalate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;

        @Override
        public Integer call() {
            int n = db.change(spec, (jdbi, h, audit) -> new RequestDecisions(jdbi).escalate(h, audit));
            spec.commandLine().getOut().printf("%d overdue step(s) escalated or lapsed.%n", n);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = "A unit's rules for requests: the deadline in working days after the day (default 3) and corrections per month (default 3).")
    static class Rules implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE") String unit;
        @Option(names = "--deadline-workdays", defaultValue = "3", paramLabel = "N") int deadline;
        @Option(names = "--monthly-corrections", defaultValue = "3", paramLabel = "N") int quota;

        @Override
        public Integer call() {
            if (deadline < 0 || deadline > 31 || quota < 0 || quota > 31) {
                throw new IllegalArgumentException("--deadline-workdays and --monthly-corrections must be 0 to 31");
            }
            db.change(spec, (jdbi, h, audit) -> {
                new RequestStore(jdbi).setRules(h, audit, unit, new RequestPolicy(deadline, quota));
                return null;
            });
            spec.commandLine().getOut().printf("Unit %s: requests up to %d working days after the day; %d corrections a month per employee.%n",
                    unit.toUpperCase(Locale.ROOT), deadline, quota);
            return ExitCodes.OK;
        }
    }
}
