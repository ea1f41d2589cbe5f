package id.presensi.cli;

import id.presensi.db.Directories;
import id.presensi.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The monthly recap an operator has just made, made again by the resident process that command started, before it
 * serves anyone: into a file of its own beside its socket (in the home, the operator's only), deleted after, or by
 * the next one of that socket when this one is killed midway, never into the shared temporary folder; printing
 * nowhere. At the month's end the operator recaps again after each correction; a fresh JVM's first recaps are mostly its compilers at work (the
 * optimising compiler's code for the recap's loops took longer to make than the recap itself), and this has them done
 * while the operator reads the first file. It reads what the operator's recap read and changes nothing, as the
 * launcher's training does ({@link ArchiveTraining}). A few runs at most: the compilers are done once a run is no
 * longer much faster than the one before, and a recap that takes long is the database's reading, which no compiling
 * shortens.
 */
final class RecapRehearsal {
    private static final Logger log = LoggerFactory.getLogger(RecapRehearsal.class);
    private static final int MOST_RUNS = 3;
    /** A run this long is mostly the database's: another would keep the operator's next command waiting for little. */
    private static final long LONG_RUN_NANOS = 4_000_000_000L;
    private static final long WAIT_MINUTES = 2;

    private RecapRehearsal() {
    }

    /**
     * {@code scratch}: a folder for this process alone (beside its socket, in the home's owner-only folder, under the
     * socket's lock), emptied first and deleted after. {@code given}: the process id of the operator's recap (the
     * launcher's), the file it writes (its --out, absolute: xlsx or csv), then {@code report monthly}'s options that chose the records (--month, --unit, --home, --db-user), as the launcher
     * passes them: each as one word, {@code --name=value}, so that no value is read as an option or an @file. Waits for
     * that recap to end (the two would share the machine), then, if it wrote its file (not refused, failed or
     * interrupted by the operator: nothing to make again), returns how many it made.
     */
    static int run(List<String> given, Path scratch) {
        try { // a rehearsal killed midway (a signal, the machine stopped) left the operator's records there
            Directories.deleteRecursively(scratch);
        } catch (IOException e) {
            log.debug("a rehearsal's leftover could not be deleted", e);
            return 0;
        }
        if (given.size() < 2 || !given.get(0).matches("[0-9]{1,18}")) {
            return 0;
        }
        Path written = Path.of(given.get(1));
        String format = written.toString().substring(written.toString().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!List.of("xlsx", "csv").contains(format) || !ended(Long.parseLong(given.get(0))) || !writtenSinceStarted(written)) {
            return 0;
        }
        int runs = 0;
        long started = System.nanoTime();
        try {
            Path out = PrivateFiles.ownerOnlyFolder(scratch).resolve("recap." + format);
            try {
                List<String> words = new ArrayList<>(List.of("report", "monthly"));
                words.addAll(given.subList(2, given.size()));
                words.addAll(List.of("--out", out.toString()));
                String[] command = words.toArray(String[]::new);
                long previous = Long.MAX_VALUE;
                while (runs < MOST_RUNS && databaseUp(given.subList(2, given.size()))) {
                    long start = System.nanoTime();
                    if (UnaskedRuns.quietly(command) != ExitCodes.OK) {
                        break;
                    }
                    runs++;
                    long took = System.nanoTime() - start;
                    if (took > LONG_RUN_NANOS || took > previous * 9 / 10) {
                        break;
                    }
                    previous = took;
                }
            } finally {
                Directories.deleteRecursively(scratch);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("the recap's rehearsal stopped", e); // the operator's next recap compiles as it runs, as before
        }
        log.info("resident process: the monthly recap rehearsed {} time(s) in {} ms, so that the next one runs compiled", runs,
                (System.nanoTime() - started) / 1_000_000);
        return runs;
    }

    /**
     * Whether the operator's database is there to read without starting anything: a URL, or the home's embedded server
     * running. The operator may have stopped it since their recap (a backup of the home's files, an upgrade): a
     * rehearsal must not start it again behind them, nor make a home where none is. Asked before each run.
     */
    private static boolean databaseUp(List<String> options) {
        return UnaskedRuns.databaseThere(false, options.stream().filter(o -> o.startsWith("--home="))
                .map(o -> Path.of(o.substring("--home=".length()))).reduce((first, last) -> last));
    }

    /**
     * Whether the process ended within {@code WAIT_MINUTES} (a recap that runs longer is not one to rehearse). A process
     * of that id started after this one is not the recap, whose launcher started this one: the recap ended before this
     * process looked (a refused option ends it at once), and its id was given to another.
     */
    private static boolean ended(long pid) {
        Instant self = ProcessHandle.current().info().startInstant().orElse(Instant.MAX);
        try {
            ProcessHandle.of(pid).filter(p -> !p.info().startInstant().orElse(Instant.MIN).isAfter(self))
                    .ifPresent(p -> p.onExit().orTimeout(WAIT_MINUTES, TimeUnit.MINUTES).join());
            return true;
        } catch (CompletionException e) {
            return false;
        }
    }

    /** Whether the file was written after this process started: by the operator's recap, which then succeeded. */
    private static boolean writtenSinceStarted(Path file) {
        try {
            Instant self = ProcessHandle.current().info().startInstant().orElse(Instant.MAX);
            return Files.getLastModifiedTime(file).toInstant().isAfter(self);
        } catch (IOException e) { // none: the recap was refused, failed or interrupted
            return false;
        }
    }
}
