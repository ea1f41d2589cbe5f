package id.presensi.cli;

import id.presensi.app.MachinePinFile;
import id.presensi.app.Machines;
import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.machine.Cidr;
import id.presensi.store.ImportResult;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "machine", mixinStandardHelpOptions = true,
        description = {"Fingerprint machines (mesin absensi: ZKTeco, Solution, Fingerspot, Revo, Magic) of units, and the PINs staff are",
                "enrolled under on them. Machines send punches over HTTP to 'presensi serve' (/iclock/, the machines' ADMS push)",
                "or are read from their USB download with 'presensi punch import'."},
        subcommands = {MachineCommand.Add.class, MachineCommand.List.class, MachineCommand.Allow.class, MachineCommand.Confirm.class,
                MachineCommand.Remove.class, MachineCommand.Pin.class})
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
        @Option(names = "--from", paramLabel = "CIDR", description = {"A source address block the machine pushes from (repeatable): the office's",
                "public address, e.g. 203.0.113.7/32, or 2001:db8:5::/48. Without it, the first address the machine pushes from is",
                "trusted, and punches from any other are held until 'machine confirm'."})
        java.util.List<String> from = new ArrayList<>();

        @Override
        public Integer call() {
            String s = serial(serial);
            if (name.isBlank() || name.strip().length() > 100) {
                throw new IllegalArgumentException("--name must be 1 to 100 characters");
            }
            java.util.List<Cidr> allowed = from.stream().map(Cidr::parse).toList();
            MachineStore.Added added = db.change(spec, (jdbi, h, audit) -> new Machines(jdbi).add(h, audit, s, unit, name.strip(), allowed));
            var out = spec.commandLine().getOut();
            out.printf("%s machine %s (%s) of unit %s.%n", added.added() ? "Registered" : "Updated", s, name.strip(),
                    unit.strip().toUpperCase(Locale.ROOT));
            added.sighting().ifPresent(seen -> out.printf("It called the service unregistered %,d time(s), last at %s from %s: if that is"
                    + " not the office's address, someone else knows its serial; set --from to the office's address.%n",
                    seen.requests(), TimeZones.local(seen.lastSeen()), seen.client()));
            if (!allowed.isEmpty()) {
                out.printf("Punches are filed only when pushed from %s.%n", String.join(", ", allowed.stream().map(Cidr::toString).toList()));
            } else if (added.added()) {
                out.println("No --from: the first address it pushes from will be trusted; see it with 'presensi machine list'.");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "allow", mixinStandardHelpOptions = true, description = {
            "Set the source addresses a machine's punches are filed from (its allowlist), replacing the ones it had; punches",
            "held from addresses now allowed are filed. With --none the machine goes back to its first or confirmed address."})
    static class Allow implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--from", paramLabel = "CIDR", description = "An address block, e.g. 203.0.113.7/32 (repeatable).")
        java.util.List<String> from = new ArrayList<>();
        @Option(names = "--none", description = "Clear the allowlist.") boolean none;

        @Override
        public Integer call() {
            String s = serial(serial);
            if (from.isEmpty() == !none) {
                throw new IllegalArgumentException("give --from CIDR (one or more), or --none to clear the allowlist");
            }
            java.util.List<Cidr> allowed = from.stream().map(Cidr::parse).toList();
            int released = db.change(spec, (jdbi, h, audit) -> new Machines(jdbi).allow(h, audit, s, allowed));
            int filed = released == 0 ? 0 : fileKept(spec);
            spec.commandLine().getOut().printf("Machine %s: punches are filed when pushed from %s; %,d held punch(es) released, %,d filed.%n", s,
                    allowed.isEmpty() ? "its first or confirmed address" : String.join(", ", allowed.stream().map(Cidr::toString).toList()),
                    released, filed);
            return ExitCodes.OK;
        }

        private int fileKept(CommandSpec spec) {
            try (Database database = db.open()) {
                return new Machines(database.jdbi()).fileWaiting(db.audit(spec), false).filed();
            }
        }
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true, description = {
            "Confirm the address a machine pushes from (its office moved, or its provider changed the address): punches held",
            "from it are filed. Without --address, the one address punches are held from. With an allowlist, the address is",
            "added to it."})
    static class Confirm implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "SERIAL") String serial;
        @Option(names = "--address", paramLabel = "A", description = "The address to trust, e.g. 203.0.113.7.") String address;

        @Override
        public Integer call() {
            String s = serial(serial);
            String confirmed = db.read(d -> new Machines(d.jdbi()).addressToConfirm(s, Optional.ofNullable(address)));
            int released = db.change(spec, (jdbi, h, audit) -> new Machines(jdbi).confirm(h, audit, s, confirmed));
            int filed;
            try (Database database = db.open()) {
                filed = released == 0 ? 0 : new Machines(database.jdbi()).fileWaiting(db.audit(spec), false).filed();
            }
            spec.commandLine().getOut().printf("Machine %s: address %s confirmed; %,d held punch(es) released, %,d filed as check-ins.%n",
                    s, confirmed, released, filed);
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
            description = {"Machines of a unit (and its sub-units) or all, with their last contact, last punch and last address; the",
                    "punches kept under unknown PINs, held (DITAHAN: pushed from an address not confirmed; see 'machine confirm') and set",
                    "aside (DISISIHKAN: staff whose employment ended, another unit's regency-wide PIN). Without --unit also serial numbers",
                    "that called the service but are not registered (TERDAFTAR: tidak), with the address they called from."})
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
                .column("ALAMAT_TERAKHIR", 15, MachineStore.Listed::lastAddress)
                .number("PIN_TAK_DIKENAL", 15, MachineStore.Listed::unmatchedPunches)
                .number("DITAHAN", 7, MachineStore.Listed::heldPunches)
                .number("DISISIHKAN", 10, MachineStore.Listed::setAsidePunches)
                .footer(rows -> Count.of(rows.stream().filter(MachineStore.Listed::registered).count(), "machine", "machines") + " registered, "
                        + String.format("%,d seen but not registered", rows.stream().filter(m -> !m.registered()).count()));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new Machines(d.jdbi()).list(Optional.ofNullable(unit))), TABLE);
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
                    jdbi -> new Machines(jdbi).describe(s), (jdbi, h, audit) -> new Machines(jdbi).remove(h, audit, s), "machine " + s);
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true, description = "PINs: the user numbers staff are enrolled under on machines.",
            subcommands = {PinImport.class, PinList.class})
    static class Pin {
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Enroll staff on machines from a CSV/XLSX: NIP or NIK, PIN (the machine's user number), and SERIAL for a PIN valid",
            "on that machine only (blank: on every machine). A row replaces the employee's PIN there. Punches a machine pushed",
            "earlier under a PIN nobody had are stored as check-ins once the PIN is enrolled, for days from the enrolment on:",
            "earlier ones could have been pushed by anyone who knew the serial, and wait for --file-backlog."})
    static class PinImport extends FileImportCommand {
        @Option(names = "--file-backlog", description = {"Also file punches pushed under these PINs before they were enrolled (audited; say so",
                "only when the machine's users were enrolled on it before Presensi knew their PINs)."})
        boolean fileBacklog;

        @Override
        String what() {
            return "Machine PINs";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            ImportResult result = new MachinePinFile(database.jdbi()).importFile(options.source(), db.audit(spec));
            MachinePinStore.Filed filed = options.dryRun ? new MachinePinStore.Filed(0, 0)
                    : new Machines(database.jdbi()).fileWaiting(db.audit(spec), fileBacklog);
            if (!options.json) {
                var out = spec.commandLine().getOut();
                if (filed.filed() > 0) {
                    out.printf("%,d punches machines had sent under these PINs are now stored as check-ins%s.%n", filed.filed(),
                            fileBacklog ? " (the backlog from before enrolment included, as asked)" : "");
                }
                if (filed.beforeEnrolment() > 0) {
                    out.printf("%,d punches pushed under these PINs before they were enrolled stay aside; file them with --file-backlog"
                            + " only if the machine's users were enrolled on it before.%n", filed.beforeEnrolment());
                }
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
            output.print(spec.commandLine().getOut(), db.read(d -> new Machines(d.jdbi()).pins(Optional.ofNullable(unit),
                    Optional.ofNullable(machine).map(MachineCommand::serial))), TABLE);
            return ExitCodes.OK;
        }
    }
}
