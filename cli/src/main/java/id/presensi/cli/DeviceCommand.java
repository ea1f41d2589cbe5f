package id.presensi.cli;

import id.presensi.app.DeviceEnrolment;
import id.presensi.files.PrivateFiles;
import id.presensi.imports.PeopleCsv;
import id.presensi.store.DeviceStore;
import id.presensi.unit.TimeZones;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Phones bound to employees (one per employee) by a one-time activation code from the OPD admin.",
        subcommands = {DeviceCommand.Enroll.class, DeviceCommand.List.class, DeviceCommand.Revoke.class})
class DeviceCommand {

    @Command(name = "enroll", mixinStandardHelpOptions = true, description = {"Issue one-time activation codes (8 characters, valid 72 hours by default).",
            "One employee: the code is printed. A whole unit (--unit CODE --out FILE.csv): the codes go to the file for the OPD admin to hand out."})
    static class Enroll implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @ArgGroup(multiplicity = "1") Target target;
        @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write a unit's codes (required with --unit).") Path out;
        @Mixin DelimiterOption delimiter;
        @Option(names = "--valid-hours", defaultValue = "72") int validHours;

        static class Target {
            @Parameters(paramLabel = "NIP|NIK") String employee;
            @Option(names = "--unit", paramLabel = "CODE", description = "Every active employee of the unit and its sub-units.") String unit;
            @Option(names = "--all", description = "Every active employee of the regency.") boolean all;
        }

        @Override
        public Integer call() throws Exception {
            if (validHours < 1 || validHours > 24 * 30) {
                throw new IllegalArgumentException("--valid-hours must be 1 to 720, got " + validHours);
            }
            boolean many = target.unit != null || target.all;
            if (many && out == null) {
                throw new IllegalArgumentException("--unit and --all need --out FILE.csv: the codes are for the OPD admin to hand out, not for the screen");
            }
            Duration validity = Duration.ofHours(validHours);
            DeviceEnrolment.Enrolled enrolled = db.change(spec, (jdbi, h, audit) -> many
                    ? new DeviceEnrolment(jdbi).enrollStaffOf(h, audit, Optional.ofNullable(target.unit), validity, db.operator())
                    : new DeviceEnrolment(jdbi).enroll(h, audit, target.employee == null ? "" : target.employee, validity, db.operator()));
            java.util.List<DeviceStore.Issued> issued = enrolled.issued();
            PrintWriter screen = spec.commandLine().getOut();
            if (enrolled.endedSkipped() > 0) {
                screen.printf("%,d staff whose employment has ended were skipped (staff list --include-ended shows them).%n", enrolled.endedSkipped());
            }
            if (out == null) {
                DeviceStore.Issued one = issued.get(0);
                screen.printf("Activation code for %s (%s): %s%nValid until %s WITA. Enter it with the NIP/NIK on the check-in page.%n",
                        one.name(), one.employeeKey(), one.code(), TimeZones.local(one.expiresAt()));
                return ExitCodes.OK;
            }
            PrivateFiles.writeText(out, writer -> {
                CSVPrinter csv = PeopleCsv.open(writer, delimiter.value(),
                        Arrays.asList("NIP_NIK", "NAMA", "KODE_UNIT", "KODE_AKTIVASI", "BERLAKU_SAMPAI"));
                for (DeviceStore.Issued i : issued) {
                    PeopleCsv.print(csv, Arrays.asList(i.employeeKey(), i.name(), i.unitCode(), i.code(),
                            TimeZones.local(i.expiresAt())));
                }
                csv.flush();
            });
            screen.printf("%,d activation codes written to %s (valid %d hours). Keep the file safe: the codes are not stored anywhere else.%n",
                    issued.size(), out, validHours);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List active devices of a unit (and its sub-units) or of all.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<DeviceStore.Listed> TABLE = Table.of(DeviceStore.Listed.class)
                .column("NIP/NIK", 18, DeviceStore.Listed::employeeKey).column("NAMA", 28, DeviceStore.Listed::name)
                .column("KODE_UNIT", 10, DeviceStore.Listed::unitCode).column("PERANGKAT", 24, DeviceStore.Listed::device)
                .column("AKTIF_SEJAK", 0, d -> TimeZones.local(d.activatedAt()))
                .footer(rows -> Count.of(rows.size(), "device", "devices"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new DeviceEnrolment(d.jdbi()).active(Optional.ofNullable(unit))), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Retire the employee's device (lost or handed over) and any unused code.")
    static class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NIP|NIK") String employee;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            return Removal.confirmed(spec, db, confirmation, jdbi -> new DeviceEnrolment(jdbi).revocationImpact(employee),
                    (jdbi, h, audit) -> new DeviceEnrolment(jdbi).revoke(h, audit, employee), "active device of " + employee);
        }
    }
}
