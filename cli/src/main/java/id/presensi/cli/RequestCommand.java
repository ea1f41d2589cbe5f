package id.presensi.cli;

import id.presensi.files.PrivateFiles;
import id.presensi.photo.Photo;
import id.presensi.request.RequestPolicy;
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
                "or rejects; an approval records the leave, or the correction punch (KOREKSI) at the time asked for."},
        subcommands = {RequestCommand.List.class, RequestCommand.Show.class, RequestCommand.Approve.class, RequestCommand.Reject.class,
                RequestCommand.Rules.class})
class RequestCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Requests of a unit (and its sub-units) or all you see; pending first.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, APPROVED or REJECTED.") String status;

        private static final Table<RequestStore.Stored> TABLE = Table.of(RequestStore.Stored.class)
                .number("ID", 6, RequestStore.Stored::id).column("NIP/NIK", 18, RequestStore.Stored::employeeKey)
                .column("NAMA", 24, RequestStore.Stored::name).column("KODE_UNIT", 10, RequestStore.Stored::unitCode)
                .column("JENIS", 14, RequestStore.Stored::kind).column("TANGGAL", 10, RequestStore.Stored::from)
                .column("SAMPAI", 10, RequestStore.Stored::to).column("JAM", 16, r -> r.at().map(TimeZones::local))
                .column("STATUS", 9, RequestStore.Stored::status).column("ALASAN", 0, RequestStore.Stored::reason)
                .footer(rows -> Count.of(rows.size(), "request", "requests") + String.format(", %,d pending", rows.stream().filter(r -> r.status().equals("PENDING")).count()));

        @Override
        public Integer call() {
            Optional<String> s = Optional.ofNullable(status).map(t -> t.strip().toUpperCase(Locale.ROOT));
            if (s.isPresent() && !java.util.List.of("PENDING", "APPROVED", "REJECTED").contains(s.get())) {
                throw new IllegalArgumentException("--status must be PENDING, APPROVED or REJECTED, got '" + status + "'");
            }
            output.print(spec.commandLine().getOut(), db.read(d -> new RequestStore(d.jdbi()).list(Optional.ofNullable(unit), s)), TABLE);
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
            description = "Approve a pending request: the leave, or the correction punch, is recorded at once (reconcile the day after).")
    static class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--note", paramLabel = "TEXT") String note;

        @Override
        public Integer call() {
            RequestStore.Stored r = db.change(spec, (jdbi, h, audit) -> new RequestStore(jdbi).approve(h, audit, id, Optional.ofNullable(note)));
            spec.commandLine().getOut().printf("Approved request #%d: %s for %s (%s) on %s%s.%n", r.id(), r.kind().label(), r.name(),
                    r.employeeKey(), r.from(), r.to().equals(r.from()) ? "" : " .. " + r.to());
            return ExitCodes.OK;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending request, saying why (the employee reads it).")
    static class Reject implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "ID") long id;
        @Option(names = "--note", required = true, paramLabel = "TEXT") String note;

        @Override
        public Integer call() {
            if (note.isBlank()) {
                throw new IllegalArgumentException("--note must say why");
            }
            RequestStore.Stored r = db.change(spec, (jdbi, h, audit) -> new RequestStore(jdbi).reject(h, audit, id, note.strip()));
            spec.commandLine().getOut().printf("Rejected request #%d of %s (%s).%n", r.id(), r.name(), r.employeeKey());
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
