package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.app.UnitFile;
import id.presensi.app.Units;
import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import id.presensi.store.RequestChainStore;
import id.presensi.unit.ListedUnit;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "unit", mixinStandardHelpOptions = true,
        description = "Units: the regency's agencies (perangkat daerah, OPD) and the places under them.",
        subcommands = {UnitCommand.Import.class, UnitCommand.List.class, UnitCommand.SetUnit.class, UnitCommand.Head.class})
class UnitCommand {

    @Command(name = "head", mixinStandardHelpOptions = true, description = "The head of a unit, who signs its recap.",
            subcommands = {UnitCommand.Head.Set.class, UnitCommand.Head.Deputy.class})
    static class Head {
        @Command(name = "deputy", mixinStandardHelpOptions = true,
                description = "The plt (pelaksana tugas) who signs requests for the unit's head over a period, e.g. during the head's cuti.",
                subcommands = {Deputy.SetDeputy.class, Deputy.ClearDeputy.class})
        static class Deputy {
            @Command(name = "set", mixinStandardHelpOptions = true,
                    description = "Record the plt of a unit from --from to --to (inclusive): over those days the plt, not the head, signs the HEAD step.")
            static class SetDeputy implements Callable<Integer> {
                @Spec CommandSpec spec;
                @Mixin ChangeOptions db;
                @picocli.CommandLine.Parameters(index = "0", paramLabel = "UNIT") String unit;
                @Option(names = "--employee", required = true, paramLabel = "NIP") String employee;
                @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD") LocalDate from;
                @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD") LocalDate to;

                @Override
                public Integer call() {
                    if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
                        throw new IllegalArgumentException("--to must be on or after --from, at most a year later");
                    }
                    db.change(spec, (jdbi, h, audit) -> {
                        new RequestChainStore(jdbi).setDeputy(h, audit, unit, employee, from, to);
                        return null;
                    });
                    spec.commandLine().getOut().printf("Plt of %s from %s to %s: %s%n", unit.toUpperCase(Locale.ROOT), from, to, employee);
                    return ExitCodes.OK;
                }
            }

            @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove the plt of a unit whose period includes --day.")
            static class ClearDeputy implements Callable<Integer> {
                @Spec CommandSpec spec;
                @Mixin ChangeOptions db;
                @picocli.CommandLine.Parameters(index = "0", paramLabel = "UNIT") String unit;
                @Option(names = "--day", required = true, paramLabel = "YYYY-MM-DD") LocalDate day;

                @Override
                public Integer call() {
                    int removed = db.change(spec, (jdbi, h, audit) -> new RequestChainStore(jdbi).clearDeputy(h, audit, unit, day));
                    spec.commandLine().getOut().printf("%s: %d plt period(s) removed.%n", unit.toUpperCase(Locale.ROOT), removed);
                    return removed > 0 ? ExitCodes.OK : ExitCodes.FAILED;
                }
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true,
                description = "Make an employee the head of a unit: their title, name (with gelar, as in the staff file) and NIP sign the unit's recap.")
        static class Set implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin ChangeOptions db;
            @picocli.CommandLine.Parameters(index = "0", paramLabel = "UNIT") String unit;
            @picocli.CommandLine.Parameters(index = "1", paramLabel = "NIP") String nip;
            @Option(names = "--title", paramLabel = "TEXT", description = "Above the name (default: Kepala <unit name>), e.g. \"Direktur RSUD Panglima Sebaya\".")
            String title;

            @Override
            public Integer call() {
                String unitCode = unit.toUpperCase(Locale.ROOT);
                Optional<String> warning = db.change(spec, (jdbi, h, audit) ->
                        new Units(jdbi).setHead(h, audit, unitCode, nip, Optional.ofNullable(title), LocalDate.now(TimeZones.DEFAULT)));
                spec.commandLine().getOut().println("Head of " + unitCode + " set: " + nip);
                warning.ifPresent(w -> spec.commandLine().getOut().println("Warning: " + w));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Mark a unit as an OPD (perangkat daerah) or not (BKPSDM). The Kepala OPD who signs a request's",
                    "OPD_HEAD step is the head (or plt) of the nearest OPD at or above the requester's unit: mark the dinas,",
                    "badan and kecamatan, not their bidang or puskesmas (unit list shows the marks)."})
    static class SetUnit implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "UNIT") String unit;
        @Option(names = "--opd", required = true, paramLabel = "yes|no", arity = "1", converter = YesNo.class,
                description = "Whether the unit is an OPD (yes/ya or no/tidak).")
        boolean opd;

        @Override
        public Integer call() {
            String unitCode = unit.toUpperCase(Locale.ROOT);
            boolean changed = db.change(spec, (jdbi, h, audit) -> new Units(jdbi).setOpd(h, audit, unitCode, opd));
            spec.commandLine().getOut().println(unitCode + (opd ? " is an OPD" : " is not an OPD") + (changed ? "." : " (already so)."));
            return ExitCodes.OK;
        }
    }

    /** yes/ya/y or no/tidak/n, as the unit file's OPD column takes them. */
    static final class YesNo implements picocli.CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "yes", "ya", "y", "true" -> true;
                case "no", "tidak", "n", "t", "false" -> false;
                default -> throw new picocli.CommandLine.TypeConversionException("expected yes or no, got '" + value + "'");
            };
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import units from CSV/XLSX with columns KODE_UNIT, NAMA_UNIT, KODE_INDUK (parent), "
                    + "ZONA_WAKTU (WIB, WITA, WIT; default WITA), OPD (YA or TIDAK: whether the unit is an OPD, whose head "
                    + "is the Kepala OPD of the units under it; left empty or out, a new unit is an OPD when it is at the top "
                    + "or just below it, and a stored unit keeps its mark).",
                    "Existing units are updated, new ones added; importing the same file again changes nothing."})
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Units";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return new UnitFile(database.jdbi(), db.audit(spec)).importFile(options.file, options.sheet(), options.renames(), options.dryRun,
                    options.encoding());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List units with their parent, zone (WIB, WITA, WIT), whether each is an OPD and staff count (staff still employed).")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--include-ended", description = "Count staff whose employment has ended (staff end) too.") boolean includeEnded;

        private static final Table<ListedUnit> TABLE = Table.of(ListedUnit.class)
                .column("KODE_UNIT", 14, ListedUnit::code).column("NAMA_UNIT", 44, ListedUnit::name).column("KODE_INDUK", 14, ListedUnit::parentCode)
                .column("ZONA_WAKTU", 10, u -> TimeZones.abbreviation(ZoneId.of(u.timeZone())))
                .column("OPD", 5, u -> u.opd() ? "YA" : "TIDAK").number("PEGAWAI", 7, ListedUnit::staff)
                .footer(rows -> Count.of(rows.size(), "unit", "units"));

        @Override
        public Integer call() {
            var units = db.read(database -> new Units(database.jdbi()).list(includeEnded, LocalDate.now(TimeZones.DEFAULT)));
            output.print(spec.commandLine().getOut(), units, TABLE);
            return ExitCodes.OK;
        }
    }
}
