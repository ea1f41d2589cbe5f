package id.presensi.cli;

import id.presensi.app.WorkFromHome;
import id.presensi.rules.WfhPeriod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.concurrent.Callable;

@Command(name = "wfh", mixinStandardHelpOptions = true,
        description = "Work-from-home periods: check-in accepted within a wide radius of the unit's locations.",
        subcommands = {PolicyWfhCommand.Add.class, PolicyWfhCommand.List.class, PolicyWfhCommand.Remove.class})
class PolicyWfhCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or change a work-from-home period.")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME", description = "e.g. \"WFH Pandemi\"") String name;
        @Option(names = "--from", required = true, paramLabel = "DATE") LocalDate from;
        @Option(names = "--to", required = true, paramLabel = "DATE") LocalDate to;
        @Option(names = "--radius-km", required = true, description = "e.g. 50") double radiusKm;
        @Option(names = "--unit", paramLabel = "CODE", description = "Units it applies to (repeatable; default: all).") java.util.List<String> units = new ArrayList<>();

        @Override
        public Integer call() {
            WfhPeriod period = WorkFromHome.period(name, from, to, radiusKm, units);
            var change = db.change(spec, (jdbi, h, audit) -> new WorkFromHome(jdbi).put(h, audit, period));
            spec.commandLine().getOut().printf("Work from home %s (%s, %s km, %s): %s%n", period.name(), period.validity(),
                    radiusKm, period.unitCodes().isEmpty() ? "all units" : String.join(", ", period.unitCodes()),
                    change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List work-from-home periods.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;

        private static final Table<WfhPeriod> TABLE = Table.of(WfhPeriod.class)
                .column("NAMA", 24, WfhPeriod::name).column("BERLAKU", 26, WfhPeriod::validity)
                .number("RADIUS_KM", 9, p -> String.format("%,.1f", p.radiusM() / 1000.0)).exported("RADIUS_M", WfhPeriod::radiusM)
                .column("UNIT", 0, p -> p.unitCodes().isEmpty() ? "semua unit" : String.join(", ", p.unitCodes()));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new WorkFromHome(d.jdbi()).list()), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a work-from-home period.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME") String name;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            return Removal.confirmed(spec, db, confirmation, jdbi -> new WorkFromHome(jdbi).removalImpact(name),
                    (jdbi, h, audit) -> new WorkFromHome(jdbi).remove(h, audit, name), "work-from-home period " + name);
        }
    }
}
