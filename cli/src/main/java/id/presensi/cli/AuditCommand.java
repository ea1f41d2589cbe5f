package id.presensi.cli;

import id.presensi.store.AuditStore.Entry;
import id.presensi.store.AuditStore;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail of changes made by operators.",
        subcommands = AuditCommand.List.class)
class AuditCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List changes, newest first.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--since", paramLabel = "DATE", description = "Only changes from this date (WITA).") LocalDate since;
        @Option(names = "--limit", defaultValue = "100") int limit;

        private static final Table<Entry> TABLE = Table.of(Entry.class)
                .column("WAKTU", 19, e -> e.at().atZoneSameInstant(TimeZones.DEFAULT).toLocalDateTime().withNano(0))
                .column("OPERATOR", 14, Entry::operator).column("DATA", 16, Entry::entity).column("KUNCI", 28, Entry::entityKey)
                .column("PERINTAH", 0, Entry::command).csvOnly("SEBELUM", Entry::before).csvOnly("SESUDAH", Entry::after);

        @Override
        public Integer call() {
            var from = Optional.ofNullable(since).map(d -> d.atStartOfDay(TimeZones.DEFAULT).toOffsetDateTime());
            var entries = db.read(d -> new AuditStore(d.jdbi()).list(from, limit));
            PrintWriter out = spec.commandLine().getOut();
            if (!output.table()) {
                output.print(out, entries, TABLE);
                return ExitCodes.OK;
            }
            // on screen each change takes three lines: its before and after are what the operator looks for
            entries.forEach(e -> out.printf("%s  %-12s %-16s %s%n    %s%n    before: %s%n    after:  %s%n",
                    e.at().atZoneSameInstant(TimeZones.DEFAULT).toLocalDateTime().withNano(0), e.operator(), e.entity(), e.entityKey(),
                    e.command(), e.before() == null ? "-" : e.before(), e.after() == null ? "-" : e.after()));
            out.printf("%d change(s)%n", entries.size());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
