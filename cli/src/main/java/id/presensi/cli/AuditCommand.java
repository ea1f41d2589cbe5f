package id.presensi.cli;

import id.presensi.unit.TimeZones;
import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.store.Audit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail of changes made by operators.",
        subcommands = AuditCommand.List.class)
class AuditCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List changes, newest first.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--since", paramLabel = "DATE", description = "Only changes from this date (WITA).") String since;
        @Option(names = "--limit", defaultValue = "100") int limit;
        @Option(names = "--json", description = "Print as JSON.") boolean json;

        @Override
        public Integer call() {
            var from = Optional.ofNullable(since).map(s -> Values.date(s).atStartOfDay(TimeZones.DEFAULT).toOffsetDateTime());
            try (Database database = db.open()) {
                var entries = Audit.list(database.jdbi(), from, limit);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Json.print(out, entries);
                    return ExitCodes.OK;
                }
                entries.forEach(e -> {
                    out.printf("%s  %-10s %-16s %s%n    %s%n", e.at().atZoneSameInstant(TimeZones.DEFAULT).toLocalDateTime()
                            .withNano(0), e.operator(), e.entity(), e.entityKey(), e.command());
                    out.printf("    before: %s%n    after:  %s%n", e.before() == null ? "-" : e.before(), e.after() == null ? "-" : e.after());
                });
                out.printf("%d change(s)%n", entries.size());
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
