package id.presensi.cli;

import id.presensi.app.Locations;
import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import id.presensi.store.LocationStore.Location;
import id.presensi.store.LocationStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "location", mixinStandardHelpOptions = true,
        description = "Work locations (lokasi kerja) of units: the geofences staff check in at.",
        subcommands = {LocationCommand.Add.class, LocationCommand.Import.class, LocationCommand.List.class,
                LocationCommand.Remove.class, LocationCommand.Allow.class})
class LocationCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or change a location of a unit.")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE") String unit;
        @Option(names = "--name", required = true, description = "e.g. \"Kantor Utama\"") String name;
        @Option(names = "--lat", required = true, description = "Latitude (lintang), e.g. -1.9086") double lat;
        @Option(names = "--lon", required = true, description = "Longitude (bujur), e.g. 116.1978") double lon;
        @Option(names = "--radius", required = true, paramLabel = "METRES") int radius;

        @Override
        public Integer call() {
            var change = db.change(spec, (jdbi, h, audit) -> new Locations(jdbi)
                    .put(h, audit, new LocationStore.Location(unit, name, lat, lon, radius)));
            spec.commandLine().getOut().printf("Location %s of %s: %s%n", name, unit.toUpperCase(), change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import locations from CSV/XLSX: KODE_UNIT, NAMA_LOKASI, LINTANG, BUJUR, RADIUS_M.")
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Locations";
        }

        @Override
        void afterImport(Database database) {
            Placement.warnUnplaced(database, spec);
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.locations(options.source());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List locations: every unit's own, or with --unit the",
            "ones its staff may check in at: its own, those it is allowed at (location allow), or, when it has neither, its",
            "nearest parent's (inherited, as schedules and shifts are)."})
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        /** A location as listed: whose it is, and for --unit why that unit's staff may use it. */
        record Listed(String unitCode, String name, double latitude, double longitude, int radiusM, String source) {
            static Listed of(LocationStore.Usable u) {
                Location l = u.location();
                return new Listed(l.unitCode(), l.name(), l.latitude(), l.longitude(), l.radiusM(), u.sourceText());
            }
        }

        private static final Table<Listed> TABLE = Table.of(Listed.class)
                .column("KODE_UNIT", 12, Listed::unitCode).column("NAMA_LOKASI", 32, Listed::name)
                .number("LINTANG", 11, l -> String.format("%.6f", l.latitude())).exported("LINTANG", Listed::latitude)
                .number("BUJUR", 11, l -> String.format("%.6f", l.longitude())).exported("BUJUR", Listed::longitude)
                .number("RADIUS_M", 9, Listed::radiusM)
                .column("BERLAKU", 0, Listed::source).exported("BERLAKU", Listed::source)
                .footer(rows -> Count.of(rows.size(), "location", "locations"));

        @Override
        public Integer call() {
            java.util.List<Listed> rows = db.read(d -> new Locations(d.jdbi()).listed(Optional.ofNullable(unit))).stream().map(Listed::of).toList();
            output.print(spec.commandLine().getOut(), rows, TABLE);
            if (unit != null && rows.isEmpty()) {
                spec.commandLine().getErr().printf("Warning: staff of %s have no location to check in at (none of its own, none allowed, none "
                        + "of a parent unit): their check-ins are refused (NO_LOCATION)%n", unit.toUpperCase());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a location of a unit.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE") String unit;
        @Option(names = "--name", required = true) String name;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            int exit = Removal.confirmed(spec, db, confirmation, jdbi -> new Locations(jdbi).removalImpact(unit, name),
                    (jdbi, h, audit) -> new Locations(jdbi).remove(h, audit, unit, name), "location " + name + " of " + unit.toUpperCase());
            if (exit == ExitCodes.OK && !confirmation.dryRun) {
                try (Database database = db.open()) {
                    Placement.warnUnplaced(database, spec);
                }
            }
            return exit;
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true,
            description = {"Let staff of one unit also check in at the locations of another (e.g. a pustu of a puskesmas);",
                    "--list shows the allowances (of --unit, given or received, or all)."})
    static class Allow implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--also", paramLabel = "CODE", description = "The unit whose locations they may use.") String also;
        @Option(names = "--list", description = "List the allowances instead of adding one.") boolean list;

        private static final Table<LocationStore.Allowance> TABLE = Table.of(LocationStore.Allowance.class)
                .column("KODE_UNIT", 12, LocationStore.Allowance::unitCode)
                .column("JUGA_DI", 12, LocationStore.Allowance::alsoAtUnitCode).exported("JUGA_DI", LocationStore.Allowance::alsoAtUnitCode)
                .footer(rows -> String.format("%,d allowance(s): staff of KODE_UNIT may also check in at the locations of JUGA_DI", rows.size()));

        @Override
        public Integer call() {
            if (list) {
                output.print(spec.commandLine().getOut(), db.read(d -> new Locations(d.jdbi()).allowances(Optional.ofNullable(unit))), TABLE);
                return ExitCodes.OK;
            }
            if (unit == null || also == null) {
                throw new ParameterException(spec.commandLine(), "location allow needs --unit CODE and --also CODE (or --list)");
            }
            var change = db.change(spec, (jdbi, h, audit) -> new Locations(jdbi).allow(h, audit, unit, also));
            spec.commandLine().getOut().printf("Staff of %s may check in at the locations of %s (%s)%n",
                    unit.toUpperCase(), also.toUpperCase(), change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }
}
