package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import id.presensi.store.RulesImports;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "machine", mixinStandardHelpOptions = true,
        description = {"Fingerprint machines (mesin absensi: ZKTeco, Solution, Fingerspot, Revo, Magic) of units, and the PINs staff are",
                "enrolled under on them. Machines send punches over HTTP to 'presensi serve' (/iclock/, the machines' ADMS push)",
                "or are read from their USB download with 'presensi punch import'."},
        subcommands = {MachineCommand.Add.class, MachineCommand.List.class, MachineCommand.Remove.class, MachineCommand.Pin.class})
class MachineCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a machine by its serial number (SN on its label or under Menu > System Info), or rename or move one.")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--unit", required = true, paramLabel = "CODE", description = "The unit the machine stands in; its clock keeps that unit's zone.")
        String unit;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Where it stands, e.g. \"RSUD lobi IGD\".") String name;

        @Override
        public Integer call() {
            String s = serial(serial);
            if (name.isBlank() || name.strip().length() > 100) {
                throw new IllegalArgumentException("--name must be 1 to 100 characters");
            }
            boolean added = db.change(spec, (jdbi, h, audit) -> new MachineStore(jdbi).add(h, audit, s, unit, name.strip()));
            spec.commandLine().getOut().printf("%s machine %s (%s) of unit %s.%n", added ? "Registered" : "Updated", s, name.strip(),
                    unit.strip().toUpperCase(Locale.ROOT));
            return ExitCodes.OK;
        }
    }

    /** Serial numbers are letters, digits, dot, dash and underscore, as the machines print them. */
    static String serial(String text) {
        String s = text.strip();
        if (!s.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("'" + s + "' is not a machine serial number (letters and digits, as on the machine's label)");
        }
        return s;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Machines of a unit (and its sub-units) or all, with their last contact and last punch; without --unit also",
                    "serial numbers that called the service but are not registered (TERDAFTAR: tidak), so they can be added."})
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<MachineStore.Listed> TABLE = Table.of(MachineStore.Listed.class)
                .column("SERIAL", 16, MachineStore.Listed::serial).column("NAMA", 24, MachineStore.Listed::name)
                .column("KODE_UNIT", 10, MachineStore.Listed::unitCode)
                .column("TERDAFTAR", 9, m -> m.registered() ? "ya" : "tidak")
                .column("KONTAK_TERAKHIR", 19, m -> m.lastContact().map(TimeZones::local))
                .column("ABSEN_TERAKHIR", 19, m -> m.lastPunch().map(TimeZones::local))
                .number("PIN_TAK_DIKENAL", 15, MachineStore.Listed::unmatchedPunches)
                .footer(rows -> String.format("%,d machines registered, %,d seen but not registered",
                        rows.stream().filter(MachineStore.Listed::registered).count(), rows.stream().filter(m -> !m.registered()).count()));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new MachineStore(d.jdbi()).list(Optional.ofNullable(unit))), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a machine and the PINs valid on it only; the punches it sent stay, under its serial number.")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            String s = serial(serial);
            return Removal.confirmed(spec, db, confirmation,
                    jdbi -> new MachineStore(jdbi).find(s).map(m -> "machine " + s + " (" + m.name() + ", unit " + m.unitCode() + ")"),
                    (jdbi, h, audit) -> new MachineStore(jdbi).remove(h, audit, s), "machine " + s);
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true, description = "PINs: the user numbers staff are enrolled under on machines.",
            subcommands = {PinImport.class, PinList.class})
    static class Pin {
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Enroll staff on machines from a CSV/XLSX: NIP or NIK, PIN (the machine's user number), and SERIAL for a PIN valid",
            "on that machine only (blank: on every machine). A row replaces the employee's PIN there. Punches a machine pushed",
            "earlier under a PIN nobody had are stored as check-ins once the PIN is enrolled."})
    static class PinImport extends FileImportCommand {
        @Override
        String what() {
            return "Machine PINs";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            MachinePinStore pins = new MachinePinStore(database.jdbi());
            ImportResult result = pins.importFile(options.source(), db.audit(spec));
            int filed = options.dryRun ? 0 : pins.fileEnrolledPunches();
            if (filed > 0 && !options.json) {
                spec.commandLine().getOut().printf("%,d punches machines had sent under these PINs are now stored as check-ins.%n", filed);
            }
            return result;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "PINs of the staff of a unit (and its sub-units), or of one machine.")
    static class PinList implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;
        @Option(names = "--machine", paramLabel = "SERIAL") String machine;

        private static final Table<MachinePinStore.Listed> TABLE = Table.of(MachinePinStore.Listed.class)
                .column("NIP", 18, MachinePinStore.Listed::employeeKey).column("NAMA", 28, MachinePinStore.Listed::name)
                .column("KODE_UNIT", 10, MachinePinStore.Listed::unitCode).column("PIN", 8, MachinePinStore.Listed::pin)
                .column("SERIAL", 0, MachinePinStore.Listed::serial)
                .footer(rows -> String.format("%,d PINs", rows.size()));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new MachinePinStore(d.jdbi()).list(Optional.ofNullable(unit),
                    Optional.ofNullable(machine).map(MachineCommand::serial))), TABLE);
            return ExitCodes.OK;
        }
    }
}
