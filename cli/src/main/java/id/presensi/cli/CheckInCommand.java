package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.files.PrivateFiles;
import id.presensi.store.CheckInStore.Attempt;
import id.presensi.imports.PeopleCsv;
import id.presensi.store.CheckInStore;
import id.presensi.store.SelfieStore;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "checkin", mixinStandardHelpOptions = true,
        description = "Check-in attempts as received, accepted or refused with the reason: what an OPD admin looks at when staff say it failed.",
        subcommands = {CheckInCommand.List.class, CheckInCommand.Photos.class})
class CheckInCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the attempts of a day (by their official time, in the unit's zone).")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") LocalDate date;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit and its sub-units.") String unit;
        @Option(names = "--employee", paramLabel = "NIP|NIK") String employee;
        @Option(names = "--refused", description = "Only refused attempts.") boolean refused;

        private static final Table<Attempt> TABLE = Table.of(Attempt.class)
                .column("WAKTU", 19, Attempt::at).column("NIP/NIK", 18, Attempt::employeeKey).column("NAMA", 22, Attempt::name)
                .column("JENIS", 5, Attempt::type).column("HASIL", 17, a -> a.accepted() ? "diterima" : a.reason().orElse("ditolak"))
                .column("PESAN", 0, Attempt::message)
                .footer(rows -> Count.of(rows.size(), "attempt", "attempts"));

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                var rows = new CheckInStore(database.jdbi()).attempts(date, Optional.ofNullable(unit).map(String::toUpperCase),
                        Optional.ofNullable(employee).map(e -> e.replace(" ", "")), refused);
                output.print(spec.commandLine().getOut(), rows, TABLE);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "photos", mixinStandardHelpOptions = true, description = {
            "Write a day's check-in selfies (swafoto) of a unit and its sub-units to a folder: one file per photo",
            "(NIP_HHMMSS_IN_abcdef.jpg, abcdef the start of its SHA-256) and swafoto.csv listing each with its check-in",
            "and SHA-256. Photos are personal data: each export is written to the audit trail, and an OPD admin gets",
            "only their own units' photos."})
    static class Photos implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Mixin DelimiterOption delimiter;
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") LocalDate date;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit and its sub-units (default: all you may see).") String unit;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

        private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HHmmss");

        @Override
        public Integer call() throws IOException {
            PrivateFiles.folder(out);
            Optional<String> scope = Optional.ofNullable(unit).map(String::toUpperCase);
            Map<String, Integer> byUnit = new TreeMap<>();
            StringWriter listing = new StringWriter(); // one line a photo: written with the photos, as swafoto.csv, at the end
            try (Database database = db.open();
                 CSVPrinter csv = PeopleCsv.open(listing, delimiter.value(),
                         Arrays.asList("WAKTU", "NIP_NIK", "NAMA", "KODE_UNIT", "JENIS", "HASIL", "LOKASI", "JARAK_M", "FILE", "SHA256"))) {
                SelfieStore store = new SelfieStore(database.jdbi());
                store.ofDay(date, scope, p -> {
                    String file = p.employeeKey() + "_" + HHMMSS.format(p.at()) + "_" + p.type() + "_"
                            + p.sha256Hex().substring(0, 6) + "." + p.photo().extension();
                    try {
                        PrivateFiles.write(out.resolve(file), p.photo().bytes());
                        PeopleCsv.print(csv, Arrays.asList(p.at().toString().replace('T', ' '), p.employeeKey(), p.name(), p.unitCode(),
                                p.type(), p.accepted() ? "diterima" : p.reason().orElse("ditolak"), p.location().orElse(""),
                                p.distanceM().map(String::valueOf).orElse(""), file, p.sha256Hex()));
                        byUnit.merge(p.unitCode(), 1, Integer::sum);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                csv.flush();
                PrivateFiles.writeString(out.resolve("swafoto.csv"), listing.toString());
                database.jdbi().useTransaction(h -> store.auditExport(h, db.audit(spec), date, byUnit));
            }
            int n = byUnit.values().stream().mapToInt(Integer::intValue).sum();
            spec.commandLine().getOut().printf("%,d photos of %s written to %s (listed in swafoto.csv).%n", n, date, out);
            return ExitCodes.OK;
        }
    }
}
