package id.presensi.cli;

import id.presensi.store.AnomalyRehearsal;
import id.presensi.unit.TimeZones;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run the launcher records its class-data archive from (scripts/presensi-java.sh), in the background after an
 * operator's command, never in their way. It loads what commands load before their own work: every command's model,
 * help and the completion script; the titip-absen signal step's reading and detectors over a made-up month in memory
 * ({@link AnomalyRehearsal}: on JDK 25 the cache keeps their method profiles, and a month's reconcile compiles them
 * early); then, on the database the operator's command used (its --home, --db and --db-user) and only when that
 * database is already there, the listings that only read (unit, staff, device, request and attendance list, as a
 * table and as JSON), printing nowhere; and last month's recap, written to a temporary file and deleted: on JDK 25 the
 * archive then keeps the recap's classes and the profiles of its hot code (JEP 515), which a cold
 * {@code report monthly} otherwise spends most of its own time loading and compiling. It never starts a server or
 * makes a home.
 */
public final class ArchiveTraining {
    /** Enough runs over the made-up month for its methods to be compiled, and their profiles kept, in the training. */
    private static final int REHEARSALS = 5;

    private ArchiveTraining() {
    }

    public static void main(String[] args) {
        Logging.configure();
        train(args);
        System.exit(ExitCodes.OK);
    }

    /** What the archive is recorded from; {@code args}: the operator's command line, for its database options. */
    static void train(String[] args) {
        Presensi.loadEveryCommand();
        AnomalyRehearsal.run(REHEARSALS);
        databaseOptions(args).ifPresent(options -> {
            String today = LocalDate.now(TimeZones.DEFAULT).toString();
            List<List<String>> reads = List.of(List.of("unit", "list"), List.of("unit", "list", "--json"), List.of("staff", "list"),
                    List.of("device", "list"), List.of("request", "list"), List.of("attendance", "list", "--from", today, "--to", today));
            for (List<String> read : reads) {
                run(read, options);
            }
            try {
                Path recap = Files.createTempFile("presensi-training", ".xlsx");
                try {
                    String lastMonth = YearMonth.now(TimeZones.DEFAULT).minusMonths(1).toString();
                    run(List.of("report", "monthly", "--month", lastMonth, "--out", recap.toString()), options);
                } finally {
                    Files.deleteIfExists(recap);
                }
            } catch (IOException e) {
                // no temporary folder to write in: the archive is made without the recap's profiles
            }
        });
    }

    private static void run(List<String> command, List<String> options) {
        List<String> line = new ArrayList<>(command);
        line.addAll(options);
        UnaskedRuns.quietly(line.toArray(String[]::new));
    }

    /** The operator's database options, when the database they name is there to read: a URL, or a running embedded server. */
    private static Optional<List<String>> databaseOptions(String[] args) {
        List<String> options = new ArrayList<>();
        Optional<Path> home = Optional.empty();
        boolean url = false;
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (!List.of("--db", "--db-user", "--home").contains(name)) {
                continue;
            }
            String value = word.contains("=") ? word.substring(word.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                continue;
            }
            options.add(name);
            options.add(value);
            url |= name.equals("--db");
            if (name.equals("--home")) {
                home = Optional.of(Path.of(value));
            }
        }
        return UnaskedRuns.databaseThere(url, home) ? Optional.of(options) : Optional.empty();
    }
}
