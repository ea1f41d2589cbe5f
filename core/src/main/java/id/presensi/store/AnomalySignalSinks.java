package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.MonthSignals;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How {@link AnomalyStore#recompute} writes the detectors' signals and has the database judge their moves: a COPY
 * when row-level security does not apply to the session, else batches of INSERTs; the database's work runs on a thread
 * of its own while the detectors go on.
 */
final class AnomalySignalSinks {
    /** The store's logger: what the sinks log is part of the store's step. */
    private static final Logger log = LoggerFactory.getLogger(AnomalyStore.class);

    private AnomalySignalSinks() {
    }

    /** The signals the month's detectors found, one column array each. */
    private static final String INSERT_SIGNALS = """
            INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
            SELECT * FROM unnest(CAST(:employee AS bigint[]), CAST(:work_date AS date[]), CAST(:kind AS text[]), CAST(:strength AS real[]),
                                 CAST(:message AS text[]), CAST(:evidence AS jsonb[]))""";

    /**
     * IMPOSSIBLE_TRAVEL and MACHINE_APP from the moves the detectors found (consecutive punches of one person, app or a
     * fingerprint machine at its unit's first location, far enough apart): their distance, hours and speed are
     * computed and judged here, in the database's numeric and float arithmetic, and the sentences written as before.
     * A machine punch and an app check-in within the hour far apart are their own kind.
     */
    private static final String TRAVEL = """
            WITH seq AS (SELECT * FROM unnest(CAST(:employee AS bigint[]), CAST(:work_date AS date[]), CAST(:at AS timestamptz[]),
                                              CAST(:latitude AS numeric[]), CAST(:longitude AS numeric[]), CAST(:source AS text[]),
                                              CAST(:place AS text[]), CAST(:local AS text[]), CAST(:prev_at AS timestamptz[]),
                                              CAST(:prev_lat AS numeric[]), CAST(:prev_lon AS numeric[]), CAST(:prev_source AS text[]),
                                              CAST(:prev_place AS text[]), CAST(:prev_local AS text[]))
                                      AS m(employee_id, work_date, at, latitude, longitude, source, place, local, prev_at, prev_lat, prev_lon,
                                           prev_source, prev_place, prev_local)),
            moves AS (SELECT *, 111.32 * sqrt(power(latitude - prev_lat, 2)
                                     + power(cos(radians((latitude + prev_lat) / 2)) * (longitude - prev_lon), 2)) AS km,
                             extract(epoch FROM at - prev_at) / 3600.0 AS hours
                        FROM seq WHERE prev_at IS NOT NULL),
            judged AS (SELECT *, CASE WHEN source <> prev_source AND hours <= 1 AND km >= :machine_app_km THEN 'MACHINE_APP'
                                      WHEN km >= 5 AND km / greatest(hours, 1 / 3600.0) > :speed_kmh THEN 'IMPOSSIBLE_TRAVEL' END AS kind
                         FROM moves)
            INSERT INTO <signals> (employee_id, work_date, kind, strength, message, evidence)
            SELECT employee_id, work_date, kind, max(km),
                   signal_list(array_agg(format('%s pukul %s lalu %s pukul %s: %s km dalam %s menit (%s km/jam).', prev_place, prev_local,
                                                place, local, round(km::numeric, 1), round((hours * 60)::numeric),
                                                round((km / greatest(hours, 1 / 3600.0))::numeric)) ORDER BY at), 2, ' '),
                   jsonb_build_object('points', jsonb_agg(jsonb_build_array(
                       jsonb_build_object('at', prev_local, 'lat', prev_lat, 'lon', prev_lon),
                       jsonb_build_object('at', local, 'lat', latitude, 'lon', longitude)) ORDER BY at))
              FROM judged WHERE kind IS NOT NULL AND work_date BETWEEN :from AND :to
             GROUP BY employee_id, work_date, kind
            RETURNING kind""";

    /** Where the detectors' signals and moves go, until {@link #finish} has them all in the database. */
    interface SignalSink extends AutoCloseable {
        void add(MonthSignals.Signal signal);

        /** One employee's moves, all at once (the database judges an employee's in one statement). */
        void addMoves(List<MonthSignals.Move> employeeMoves);

        void finish();

        @Override
        void close();
    }

    /**
     * The sink for this session, the statements that go before the signals (the run's table made, or the days' earlier
     * signals deleted; the other kinds) already handed to the database's thread: a COPY when the session may ({@link
     * #mayCopy}), else INSERTs into anomaly_signal. The COPY writes the moves' signals into the table named (anomaly_signal,
     * or the run's: {@link AnomalySignalRun}) and the others into the table it is given once the statements before are
     * done, leaving out those stored as they stand.
     */
    static SignalSink open(Handle h, Map<String, Object> binds, Map<AnomalyKind, Integer> found, Runnable before, boolean copy, String table,
                           Supplier<String> copyInto, Predicate<MonthSignals.Signal> stored) {
        return copy ? new SignalCopy(h, binds, found, before, table, copyInto, stored) : new SignalWriter(h, binds, found, before);
    }

    /**
     * Whether this session's signals go by COPY: row-level security does not apply to its writes of signals (the
     * owner's run, not an operator's; COPY refuses a table with it).
     */
    static boolean mayCopy(Handle h) {
        return !h.createQuery("SELECT row_security_active('anomaly_signal')").mapTo(Boolean.class).one();
    }

    /**
     * Streams the signals into one COPY, when row-level security does not apply to the session (COPY refuses a table
     * with it; the nightly run signs in as the owner): the database parses and inserts each row as it arrives while
     * the detectors find the next, with none of an INSERT's array literals to parse, and writes them a page at a time.
     * The statements before the signals (the run's table made, the other kinds) run first, on a thread of their own while the
     * detectors work (on a month with few signals they are most of the database's work); the COPY starts with the first
     * signals once they are done, and each chunk of rows is sent by that thread too, while the detectors find the next
     * (the detectors' loop then holds none of the driver's code, and compiles small). The connection is the COPY's until
     * it ends, so the moves are judged after it (they are few: far punches). The database's thread also leaves out the
     * signals already stored as they stand ({@link AnomalySignalRun#isStored}), before it writes their rows.
     */
    private static final class SignalCopy implements SignalSink {
        /** Signals a chunk: about 64 KB of rows on a shared-point month. */
        private static final int CHUNK = 256;
        /** Chunks handed over and not yet sent, at most, so that detectors faster than the database wait, not pile up. */
        private static final int CHUNKS_AHEAD = 16;
        private final Handle h;
        private final Map<String, Object> binds;
        private final Map<AnomalyKind, Integer> found;
        /** Where the moves' signals go. */
        private final String table;
        /** Where the COPY goes, asked when it opens. */
        private final Supplier<String> copyInto;
        /** Whether a signal is stored as it stands, so not written again (asked on the database's thread). */
        private final Predicate<MonthSignals.Signal> stored;
        private final ExecutorService database = writerThread();
        /** The statements before the signals, run on the database's thread while the detectors find the first signals. */
        private final Future<?> beforeSignals;
        /** Opened, on the database's thread, with the first signals, once the statements before them are done. */
        private volatile CopyIn copy;
        /** The chunks handed to the database's thread and maybe not yet sent, oldest first. */
        private final Deque<Future<?>> sending = new ArrayDeque<>();
        private List<MonthSignals.Signal> chunk = new ArrayList<>(CHUNK);
        private final List<MonthSignals.Move> moves = new ArrayList<>();
        /** The database's thread's: the rows of a chunk, and the last signal's day and its text (an employee-day's come together). */
        private final StringBuilder rows = new StringBuilder(1 << 17);
        private LocalDate day;
        private String dayText;

        SignalCopy(Handle h, Map<String, Object> binds, Map<AnomalyKind, Integer> found, Runnable before, String table,
                   Supplier<String> copyInto, Predicate<MonthSignals.Signal> stored) {
            this.h = h;
            this.binds = binds;
            this.found = found;
            this.table = table;
            this.copyInto = copyInto;
            this.stored = stored;
            this.beforeSignals = database.submit(before);
        }

        @Override
        public void add(MonthSignals.Signal s) {
            found.merge(s.kind(), 1, Integer::sum);
            chunk.add(s);
            if (chunk.size() >= CHUNK) {
                send();
            }
        }

        @Override
        public void addMoves(List<MonthSignals.Move> employeeMoves) {
            moves.addAll(employeeMoves);
        }

        @Override
        public void finish() {
            send();
            await(beforeSignals);
            while (!sending.isEmpty()) {
                await(sending.poll());
            }
            if (copy != null) {
                try {
                    copy.endCopy();
                } catch (SQLException e) {
                    throw new IllegalStateException("the signals could not be written", e);
                }
            }
            Map<AnomalyKind, Integer> judged = new EnumMap<>(AnomalyKind.class);
            for (int start = 0, end; start < moves.size(); start = end) {
                end = Math.min(moves.size(), start + SignalWriter.BATCH);
                while (end < moves.size() && moves.get(end).employeeId() == moves.get(end - 1).employeeId()) {
                    end++; // an employee's moves stay in one batch
                }
                SignalWriter.judgeMoves(h, binds, table, moves.subList(start, end), judged);
            }
            judged.forEach((kind, n) -> found.merge(kind, n, Integer::sum));
        }

        private void send() {
            if (chunk.isEmpty()) {
                return;
            }
            List<MonthSignals.Signal> signals = chunk;
            chunk = new ArrayList<>(CHUNK);
            while (sending.size() >= CHUNKS_AHEAD) {
                await(sending.poll());
            }
            sending.add(database.submit(() -> write(signals))); // in order, after the statements before the signals
        }

        /** On the database's thread: a chunk's signals not stored as they stand into the COPY, opened with the first. */
        private void write(List<MonthSignals.Signal> signals) {
            rows.setLength(0);
            for (MonthSignals.Signal s : signals) {
                if (stored.test(s)) {
                    continue;
                }
                if (!s.date().equals(day)) {
                    day = s.date();
                    dayText = day.toString();
                }
                rows.append(s.employeeId()).append('\t').append(dayText).append('\t').append(s.kind().name()).append('\t')
                        .append(Double.toString(s.strength())).append('\t'); // the float's exact value, as the INSERT sends it
                CopyText.field(rows, s.message()).append('\t');
                CopyText.field(rows, s.evidence()).append('\n');
            }
            if (rows.isEmpty()) {
                return;
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            try {
                if (copy == null) {
                    copy = h.getConnection().unwrap(PGConnection.class).getCopyAPI()
                            .copyIn("COPY " + copyInto.get() + " (employee_id, work_date, kind, strength, message, evidence) FROM STDIN");
                }
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IllegalStateException("the signals could not be written", e);
            }
        }

        /** After a failure: the statements before the signals and the COPY end, so that the caller can roll back. */
        @Override
        public void close() {
            try {
                quietly(beforeSignals);
                sending.forEach(AnomalySignalSinks::quietly);
                if (copy != null && copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException e) {
                log.debug("cancelling the signals' COPY", e);
            } finally {
                database.shutdown();
            }
        }
    }

    /**
     * Writes the detectors' signals in batches (one INSERT of column arrays each; COPY is refused on a table with
     * row-level security), and has the database judge their moves, an employee's all in one batch. A full batch goes to
     * the database on a thread of its own while the detectors go on with the next: the database's work (parsing the
     * arrays, inserting, judging) and the detectors' take turns otherwise, and each is a large part of the step. The
     * statements before the signals (the days' signals deleted, the other kinds) go first, while the detectors find the first batch.
     * One piece of work at a time is in flight, so the handle is used by one thread at a time and the batches stay in
     * order.
     */
    private static final class SignalWriter implements SignalSink {
        private static final int BATCH = 10_000;
        private final Handle h;
        private final Map<String, Object> binds;
        private final Map<AnomalyKind, Integer> found;
        /** The kinds the database judged moves to be, counted on the writer's thread, added to found at the end. */
        private final Map<AnomalyKind, Integer> judged = new EnumMap<>(AnomalyKind.class);
        private final ExecutorService database = writerThread();
        private Future<?> inFlight;
        private List<MonthSignals.Signal> signals = new ArrayList<>();
        private List<MonthSignals.Move> moves = new ArrayList<>();

        SignalWriter(Handle h, Map<String, Object> binds, Map<AnomalyKind, Integer> found, Runnable before) {
            this.h = h;
            this.binds = binds;
            this.found = found;
            this.inFlight = database.submit(before); // while the detectors find the first batch
        }

        @Override
        public void add(MonthSignals.Signal signal) {
            signals.add(signal);
            found.merge(signal.kind(), 1, Integer::sum);
            if (signals.size() >= BATCH) {
                sendSignals();
            }
        }

        @Override
        public void addMoves(List<MonthSignals.Move> employeeMoves) {
            moves.addAll(employeeMoves);
            if (moves.size() >= BATCH) {
                sendMoves();
            }
        }

        /** Sends what is left and waits for the database to be done with it all. */
        @Override
        public void finish() {
            sendSignals();
            sendMoves();
            awaitInFlight();
            judged.forEach((kind, n) -> found.merge(kind, n, Integer::sum));
        }

        private void sendSignals() {
            if (!signals.isEmpty()) {
                List<MonthSignals.Signal> batch = signals;
                signals = new ArrayList<>();
                send(() -> writeSignals(batch));
            }
        }

        private void sendMoves() {
            if (!moves.isEmpty()) {
                List<MonthSignals.Move> batch = moves;
                moves = new ArrayList<>();
                send(() -> judgeMoves(h, binds, "anomaly_signal", batch, judged));
            }
        }

        private void send(Runnable work) {
            awaitInFlight();
            inFlight = database.submit(work);
        }

        private void awaitInFlight() {
            await(inFlight);
        }

        /** After a failure of the detectors too: the batch in flight ends before the caller rolls the transaction back. */
        @Override
        public void close() {
            try {
                quietly(inFlight);
            } finally {
                database.shutdown();
            }
        }

        private void writeSignals(List<MonthSignals.Signal> signals) {
            ArrayLiteral[] c = columns(6, signals.size());
            for (MonthSignals.Signal s : signals) {
                c[0].add(Long.toString(s.employeeId()));
                c[1].add(s.date().toString());
                c[2].add(s.kind().name());
                c[3].add(Double.toString(s.strength())); // the float's exact value: the real column rounds it back to itself
                c[4].addText(s.message());
                c[5].addText(s.evidence());
            }
            h.createUpdate(INSERT_SIGNALS).bind("employee", c[0].toString()).bind("work_date", c[1].toString()).bind("kind", c[2].toString())
                    .bind("strength", c[3].toString()).bind("message", c[4].toString()).bind("evidence", c[5].toString()).execute();
        }

        /** Has the database judge the moves, writing their signals into the table named and counting them by kind. */
        static void judgeMoves(Handle h, Map<String, Object> binds, String table, List<MonthSignals.Move> moves, Map<AnomalyKind, Integer> judged) {
            ArrayLiteral[] c = columns(14, moves.size());
            for (MonthSignals.Move m : moves) {
                c[0].add(Long.toString(m.employeeId()));
                c[1].add(m.workDate().toString());
                c[2].add(instant(m.atMicros()));
                c[3].add(m.latitude());
                c[4].add(m.longitude());
                c[5].add(m.source());
                c[6].addText(m.place());
                c[7].add(m.local());
                c[8].add(instant(m.previousAtMicros()));
                c[9].add(m.previousLatitude());
                c[10].add(m.previousLongitude());
                c[11].add(m.previousSource());
                c[12].addText(m.previousPlace());
                c[13].add(m.previousLocal());
            }
            String[] names = {"employee", "work_date", "at", "latitude", "longitude", "source", "place", "local", "prev_at", "prev_lat",
                              "prev_lon", "prev_source", "prev_place", "prev_local"};
            var travel = h.createQuery(TRAVEL).define("signals", table);
            for (int i = 0; i < names.length; i++) {
                travel.bind(names[i], c[i].toString());
            }
            AnomalyStore.bind(travel, TRAVEL, binds);
            travel.mapTo(String.class).forEach(kind -> judged.merge(AnomalyKind.valueOf(kind), 1, Integer::sum));
        }

        private static ArrayLiteral[] columns(int n, int elements) {
            ArrayLiteral[] c = new ArrayLiteral[n];
            for (int i = 0; i < n; i++) {
                c[i] = new ArrayLiteral(elements);
            }
            return c;
        }

        private static String instant(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
        }
    }

    /** The thread a sink hands the database's work to: one statement at a time on the connection, in order. */
    private static ExecutorService writerThread() {
        return Executors.newSingleThreadExecutor(work -> {
            Thread thread = new Thread(work, "anomaly-signal-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for the database's work; its failure is the step's. */
    private static void await(Future<?> work) {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the signals were written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits for the database's work after a failure, even when interrupted (the interruption is kept): it ends before
     * the caller rolls back, so the connection is never used by two threads at once; the first failure is reported.
     */
    static void quietly(Future<?> work) {
        boolean interrupted = false;
        while (!work.isDone()) {
            try {
                work.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                // already thrown by finish, or the detectors' failure is the one to report
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
