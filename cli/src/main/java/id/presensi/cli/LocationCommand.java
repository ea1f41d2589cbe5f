package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import id.presensi.store.LocationStore.Location;
import id.presensi.store.LocationStore;
import id.presensi.store.RulesImports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
            var change = db.change(spec, (jdbi, h, audit) -> new LocationStore(jdbi)
                    .upsert(h, audit, new LocationStore.Location(unit, name, lat, lon, radius)));
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
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.locations(options.source());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List locations, of one unit or all.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<Location> TABLE = Table.of(Location.class)
                .column("KODE_UNIT", 12, Location::unitCode).column("NAMA_LOKASI", 32, Location::name)
                .number("LINTANG", 11, l -> String.format("%.6f", l.latitude())).exported("LINTANG", Location::latitude)
                .number("BUJUR", 11, l -> String.format("%.6f", l.longitude())).exported("BUJUR", Location::longitude)
                .number("RADIUS_M", 9, Location::radiusM)
                .footer(rows -> Count.of(rows.size(), "location", "locations"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new LocationStore(d.jdbi()).list(Optional.ofNullable(unit))), TABLE);
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
            return Removal.confirmed(spec, db, confirmation, jdbi -> new LocationStore(jdbi).removalImpact(unit, name),
                    (jdbi, h, audit) -> new LocationStore(jdbi).remove(h, audit, unit, name), "location " + name + " of " + unit.toUpperCase());
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true,
            description = "Let staff of one unit also check in at the locations of another (e.g. a pustu of a puskesmas).")
    static class Allow implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE") String unit;
        @Option(names = "--also", required = true, paramLabel = "CODE", description = "The unit whose locations they may use.") String also;

        @Override
        public Integer call() {
            var change = db.change(spec, (jdbi, h, audit) -> new LocationStore(jdbi).allow(h, audit, unit, also));
            spec.commandLine().getOut().printf("Staff of %s may check in at the locations of %s (%s)%n",
                    unit.toUpperCase(), also.toUpperCase(), change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }
}
