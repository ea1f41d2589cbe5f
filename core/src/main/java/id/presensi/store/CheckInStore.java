package id.presensi.store;

import id.presensi.attendance.Punch;
import id.presensi.checkin.PunchType;
import id.presensi.checkin.RefusalReason;
import id.presensi.machine.MachinePunch;
import id.presensi.rules.PersonRules;
import id.presensi.rules.RuleResolver;
import id.presensi.rules.Window;
import id.presensi.db.Failures;
import id.presensi.unit.LocalInstants;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Check-in attempts as stored, accepted or refused. */
public final class CheckInStore {

    /**
     * One attempt: what was decided, what the phone said, and the address it came from. The type is empty only for a
     * machine's punch read back under the same request id.
     */
    public record Row(UUID requestId, long employeeId, long deviceId, Optional<PunchType> type, Instant at, Instant receivedAt,
                      Optional<Instant> clientTime, Optional<LocalDate> workDate, double latitude, double longitude,
                      double accuracyM, Optional<Integer> distanceM, Optional<String> locationName, boolean accepted,
                      String message, Optional<RefusalReason> reason, boolean offlineSynced, boolean workFromHome,
                      boolean workFromAnywhere, Optional<String> clientAddress) {
        /** Its instants as PostgreSQL keeps them, to the microsecond: a new row answered as given says what reading it back says. */
        public Row {
            at = at.truncatedTo(ChronoUnit.MICROS);
            receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
            clientTime = clientTime.map(t -> t.truncatedTo(ChronoUnit.MICROS));
        }
    }

    private final Jdbi jdbi;

    public CheckInStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores a batch in one statement and one transaction (group commit). Returns, for every request id of
     * the batch, the row as stored: the new one, or the one stored earlier under the same request id.
     * The statement is its own transaction (autocommit): one round trip to the database, not a second for the COMMIT,
     * and every trip of a group commit is waited for by everyone in the batch. Request ids it found stored are read
     * afterwards: ON CONFLICT waited for the transaction that stored them, so they are committed by then.
     */
    public Map<UUID, Row> insertAll(Collection<Row> rows) {
        return jdbi.withHandle(h -> {
            Set<UUID> inserted = new HashSet<>();
            // Plain JDBC with each column as one array literal: Jdbi's binding looked up an argument factory and built
            // a driver array for each of the twenty columns of every group commit, the writers' largest cost at a rush
            try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_ALL)) {
                String[] columns = columns(rows);
                for (int i = 0; i < columns.length; i++) {
                    insert.setObject(i + 1, columns[i], Types.OTHER);
                }
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getObject(1, UUID.class));
                    }
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
            Map<UUID, Row> stored = new HashMap<>();
            List<UUID> replayed = new ArrayList<>();
            for (Row row : rows) {
                if (inserted.remove(row.requestId())) {
                    stored.put(row.requestId(), row);
                } else {
                    replayed.add(row.requestId());
                }
            }
            if (!replayed.isEmpty()) {
                find(h, replayed).forEach(r -> stored.put(r.requestId(), r));
            }
            return stored;
        });
    }

    private static final String INSERT_ALL = """
            INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, client_time, work_date,
                                 latitude, longitude, accuracy_m, distance_m, location_name, accepted, message,
                                 reason, offline_synced, work_from_home, work_from_anywhere, client_address)
            SELECT request_id, employee_id, device_id, type, timestamptz 'epoch' + interval '1 microsecond' * at,
                   timestamptz 'epoch' + interval '1 microsecond' * received_at, timestamptz 'epoch' + interval '1 microsecond' * client_time,
                   work_date, latitude, longitude, accuracy_m, distance_m, location_name, accepted, message,
                   reason, offline_synced, work_from_home, work_from_anywhere, client_address
              FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[],
                          ?::bigint[], ?::date[], ?::numeric[], ?::numeric[], ?::real[], ?::int[], ?::text[],
                          ?::boolean[], ?::text[], ?::text[], ?::boolean[], ?::boolean[], ?::boolean[], ?::inet[])
                   AS c(request_id, employee_id, device_id, type, at, received_at, client_time, work_date, latitude, longitude,
                        accuracy_m, distance_m, location_name, accepted, message, reason, offline_synced, work_from_home,
                        work_from_anywhere, client_address)
            ON CONFLICT (request_id) DO NOTHING
            RETURNING request_id""";

    /**
     * The batch as one PostgreSQL array literal per column, in {@link #INSERT_ALL}'s order, filled in one pass: the
     * writer thread does this for every group commit.
     */
    private static String[] columns(Collection<Row> rows) {
        ArrayLiteral[] c = new ArrayLiteral[20];
        for (int i = 0; i < c.length; i++) {
            c[i] = new ArrayLiteral(rows.size());
        }
        for (Row r : rows) {
            c[0].add(r.requestId().toString());
            c[1].add(Long.toString(r.employeeId()));
            c[2].add(Long.toString(r.deviceId()));
            c[3].addText(r.type().map(Enum::name).orElse(null));
            // as microseconds since the epoch: a number is cheaper to write here and to read there than ISO text
            c[4].add(Long.toString(micros(r.at())));
            c[5].add(Long.toString(micros(r.receivedAt())));
            c[6].add(r.clientTime().map(t -> Long.toString(micros(t))).orElse(null));
            c[7].add(r.workDate().map(LocalDate::toString).orElse(null));
            c[8].add(Double.toString(r.latitude()));
            c[9].add(Double.toString(r.longitude()));
            c[10].add(Float.toString((float) r.accuracyM()));
            c[11].add(r.distanceM().map(String::valueOf).orElse(null));
            c[12].addText(r.locationName().orElse(null));
            c[13].add(Boolean.toString(r.accepted()));
            c[14].addText(r.message());
            c[15].addText(r.reason().map(Enum::name).orElse(null));
            c[16].add(Boolean.toString(r.offlineSynced()));
            c[17].add(Boolean.toString(r.workFromHome()));
            c[18].add(Boolean.toString(r.workFromAnywhere()));
            c[19].addText(r.clientAddress().orElse(null));
        }
        String[] literals = new String[c.length];
        for (int i = 0; i < c.length; i++) {
            literals[i] = c[i].toString();
        }
        return literals;
    }

    /** The instant to the microsecond PostgreSQL keeps, truncated (a phone's own time may carry nanoseconds). */
    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    /**
     * What a fingerprint machine sent: a punch of someone its PIN names, one kept until the PIN is enrolled, or one
     * held or set aside (an untrusted address, ended staff, another unit's regency-wide PIN).
     */
    public sealed interface MachineRecord permits FromMachine, UnmatchedPunchStore.Unmatched, HeldPunchStore.Held {
    }

    /** A fingerprint machine's punch, filed under the employee its PIN names, on the work date the rules gave it. */
    public record FromMachine(UUID requestId, long employeeId, String serial, Instant at, LocalDate workDate, String pin,
                              Optional<Integer> status, Optional<Integer> verifyMode, Optional<String> workCode) implements MachineRecord {

        /** A machine's punch at {@code at}, filed on the work date the employee's rules give its local time. */
        public static FromMachine filed(String serial, MachinePunch p, Instant at, long employeeId, PersonRules rules) {
            LocalDate workDate = RuleResolver.planAt(rules, LocalDateTime.ofInstant(at, rules.zone())).date();
            return new FromMachine(p.id(serial), employeeId, serial, at, workDate, p.pin(), p.status(), p.verifyMode(), p.workCode());
        }
    }

    /**
     * Stores what machines pushed in one transaction: punches as check-ins, the others kept aside (up to their caps).
     * Answers, per record, whether it was new: a check-in stored, or a punch kept.
     */
    public List<Boolean> storeFromMachines(List<MachineRecord> records) {
        List<FromMachine> matched = new ArrayList<>();
        List<UnmatchedPunchStore.Unmatched> unmatched = new ArrayList<>();
        List<HeldPunchStore.Held> held = new ArrayList<>();
        for (MachineRecord r : records) {
            if (r instanceof FromMachine m) {
                matched.add(m);
            } else if (r instanceof UnmatchedPunchStore.Unmatched u) {
                unmatched.add(u);
            } else {
                held.add((HeldPunchStore.Held) r);
            }
        }
        return jdbi.inTransaction(h -> {
            Set<UUID> inserted = insertFromMachines(h, matched);
            Set<UnmatchedPunchStore.Key> kept = new HashSet<>(UnmatchedPunchStore.keep(h, unmatched));
            kept.addAll(HeldPunchStore.keep(h, held));
            return records.stream().map(r -> {
                if (r instanceof FromMachine m) {
                    return inserted.contains(m.requestId());
                }
                if (r instanceof UnmatchedPunchStore.Unmatched u) {
                    return kept.contains(UnmatchedPunchStore.Key.of(u.machineId(), u.punch()));
                }
                HeldPunchStore.Held k = (HeldPunchStore.Held) r;
                return kept.contains(UnmatchedPunchStore.Key.of(k.machineId(), k.punch()));
            }).toList();
        });
    }

    /**
     * Stores machine punches in the caller's transaction; a punch stored before (the same machine, PIN and time,
     * pushed again or read again from a download) is left as it is. Answers the ids of the new ones.
     */
    static Set<UUID> insertFromMachines(Handle h, List<FromMachine> punches) {
        if (punches.isEmpty()) {
            return Set.of();
        }
        int n = punches.size();
        UUID[] id = new UUID[n];
        Long[] employee = new Long[n];
        String[] serial = new String[n];
        Long[] at = new Long[n];
        String[] workDate = new String[n];
        String[] pin = new String[n];
        Integer[] status = new Integer[n];
        Integer[] verify = new Integer[n];
        String[] workCode = new String[n];
        for (int i = 0; i < n; i++) {
            FromMachine p = punches.get(i);
            id[i] = p.requestId();
            employee[i] = p.employeeId();
            serial[i] = p.serial();
            at[i] = p.at().getEpochSecond() * 1_000_000 + p.at().getNano() / 1_000;
            workDate[i] = p.workDate().toString();
            pin[i] = p.pin();
            status[i] = p.status().orElse(null);
            verify[i] = p.verifyMode().orElse(null);
            workCode[i] = p.workCode().orElse(null);
        }
        Set<UUID> inserted = new HashSet<>(h.createQuery("""
                        INSERT INTO checkin (request_id, employee_id, machine_id, at, received_at, work_date, accepted, message, source,
                                             machine_pin, machine_status, verify_mode, work_code)
                        SELECT id, employee, serial, timestamptz 'epoch' + interval '1 microsecond' * at, now(), work_date, true,
                               'Sidik jari, mesin ' || serial, 'FINGERPRINT', pin, status, verify, work_code
                          FROM unnest(:id::uuid[], :employee::bigint[], :serial::text[], :at::bigint[], :workDate::date[], :pin::text[],
                                      :status::smallint[], :verify::smallint[], :workCode::text[])
                               AS p(id, employee, serial, at, work_date, pin, status, verify, work_code)
                        ON CONFLICT (request_id) DO NOTHING
                        RETURNING request_id""")
                .bind("id", id).bind("employee", employee).bind("serial", serial).bind("at", at).bind("workDate", workDate)
                .bind("pin", pin).bind("status", status).bind("verify", verify).bind("workCode", workCode)
                .mapTo(UUID.class).list());
        MachineStore.punched(h, punches.stream().collect(Collectors.toMap(FromMachine::serial, FromMachine::at,
                (a, b) -> a.isAfter(b) ? a : b)));
        return inserted;
    }

    /** Whether the database answers at all (as opposed to refusing one row). */
    public boolean isAvailable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A failure caused by the row's own values (SQLSTATE class 22 data exception, 23 integrity violation). */
    public static boolean isDataError(Throwable e) {
        return Failures.hasSqlState(e, state -> state.startsWith("22") || state.startsWith("23"));
    }

    /** Today's attempts of an employee for a work date, oldest first. */
    public List<Row> ofWorkDate(long employeeId, LocalDate workDate) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE employee_id = :employee AND work_date = :date ORDER BY at")
                .bind("employee", employeeId).bind("date", workDate).map((rs, ctx) -> map(rs)).list());
    }

    /** An accepted punch as reconciliation reads it: the instant, the work date it was filed under, and how it came. */
    public record Accepted(long employeeId, LocalDate workDate, Instant at, Optional<PunchType> type, boolean offlineSynced,
                           boolean workFromHome, boolean workFromAnywhere, Punch.Source source) {
    }

    /**
     * The accepted punches (app and fingerprint) of some employees for a range of work dates. Dates and times
     * come as numbers (days and microseconds since the epoch): reconciliation reads millions of them.
     */
    public List<Accepted> accepted(Collection<Long> employeeIds, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT employee_id, work_date - date '1970-01-01' AS work_day, (extract(epoch FROM at) * 1000000)::bigint AS at_micros,
                               type, offline_synced, work_from_home, work_from_anywhere, source
                          FROM checkin WHERE accepted AND employee_id = ANY(:ids) AND work_date BETWEEN :from AND :to""")
                .bind("ids", PgArrays.binary(employeeIds.stream().mapToLong(Long::longValue).toArray())).bind("from", from).bind("to", to)
                .map((rs, ctx) -> new Accepted(rs.getLong(1), LocalDate.ofEpochDay(rs.getInt(2)), LocalInstants.instant(rs.getLong(3)),
                        Optional.ofNullable(rs.getString(4)).map(PunchType::valueOf), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7),
                        Punch.Source.valueOf(rs.getString(8))))
                .list());
    }

    /** A person's work date and, on a working day, its check-in and check-out windows, in their unit's local time. */
    public record DayWindows(long employeeId, LocalDate workDate, ZoneId zone, Optional<Window> checkIn, Optional<Window> checkOut) {
    }

    /**
     * The punches that decide each person's day as {@code AttendanceRule} counts them, picked in the database: the
     * first check-in (IN or untyped) inside the check-in window, and the last check-out (OUT or untyped) inside the
     * check-out window after it; on a day without windows (a day off) any one punch, since the rule only asks whether
     * there was one. The rule given these decides exactly as given all the day's punches, and at most two rows a person
     * reach Java instead of every punch (the board of an OPD of 1,870 read 75,000 rows at every poll). Each pick walks
     * one person's day in time order (V50's index on employee, work date and instant) from its window's edge and stops
     * at the first match: a person costs a descent of the index, not a read of the scope's whole day. A window's local
     * times are turned into instants in the unit's zone here, both ends included as the rule includes them (Indonesia's
     * zones keep no daylight saving, so instant order is the rule's local order); bound as plain values, they may bound
     * the index scan under row-level security, where a time-zone conversion in the query (not leakproof) may not.
     */
    public Map<Long, List<Punch>> counted(Collection<DayWindows> days) {
        int n = days.size();
        Long[] ids = new Long[n];
        String[] dates = new String[n];
        String[][] bounds = new String[4][n];
        Boolean[] windowed = new Boolean[n];
        int i = 0;
        Map<Long, ZoneId> zoneOf = new HashMap<>();
        for (DayWindows d : days) {
            ids[i] = d.employeeId();
            dates[i] = d.workDate().toString();
            ZoneId zone = d.zone();
            // a day without windows (a day off) asks whether there was any punch: the first of the whole day
            bounds[0][i] = d.checkIn().map(w -> instant(w.opens(), zone)).orElse("-infinity");
            bounds[1][i] = d.checkIn().map(w -> instant(w.closes(), zone)).orElse("infinity");
            windowed[i] = d.checkIn().isPresent();
            bounds[2][i] = d.checkOut().map(w -> instant(w.opens(), zone)).orElse(null);
            bounds[3][i] = d.checkOut().map(w -> instant(w.closes(), zone)).orElse(null);
            zoneOf.put(d.employeeId(), d.zone());
            i++;
        }
        Map<Long, List<Punch>> punches = new HashMap<>();
        if (n == 0) {
            return punches;
        }
        jdbi.useHandle(h -> h.createQuery("""
                        WITH w AS (
                            SELECT * FROM unnest(:ids::bigint[], :dates::date[], :windowed::boolean[], :inFrom::timestamptz[],
                                                 :inTo::timestamptz[], :outFrom::timestamptz[], :outTo::timestamptz[])
                                       AS w (employee_id, work_date, windowed, in_from, in_to, out_from, out_to))
                        SELECT w.employee_id,
                               (extract(epoch FROM f.at) * 1000000)::bigint, f.type, f.offline_synced, f.work_from_home, f.work_from_anywhere, f.source,
                               (extract(epoch FROM l.at) * 1000000)::bigint, l.type, l.offline_synced, l.work_from_home, l.work_from_anywhere, l.source
                          FROM w
                          LEFT JOIN LATERAL (
                              SELECT c.at, c.type, c.offline_synced, c.work_from_home, c.work_from_anywhere, c.source FROM checkin c
                               WHERE c.employee_id = w.employee_id AND c.work_date = w.work_date AND c.accepted
                                 AND c.at BETWEEN w.in_from AND w.in_to AND (NOT w.windowed OR c.type IS NULL OR c.type = 'IN')
                               ORDER BY c.at LIMIT 1) f ON true
                          LEFT JOIN LATERAL (
                              SELECT c.at, c.type, c.offline_synced, c.work_from_home, c.work_from_anywhere, c.source FROM checkin c
                               WHERE c.employee_id = w.employee_id AND c.work_date = w.work_date AND c.accepted
                                 AND c.at BETWEEN w.out_from AND w.out_to AND c.at > coalesce(f.at, '-infinity')
                                 AND (c.type IS NULL OR c.type = 'OUT')
                               ORDER BY c.at DESC LIMIT 1) l ON true
                         WHERE f.at IS NOT NULL OR l.at IS NOT NULL""")
                .bind("ids", ids).bind("dates", dates).bind("windowed", windowed).bind("inFrom", bounds[0]).bind("inTo", bounds[1])
                .bind("outFrom", bounds[2]).bind("outTo", bounds[3])
                .map((rs, ctx) -> {
                    long id = rs.getLong(1);
                    List<Punch> counted = new ArrayList<>(2);
                    for (int column = 2; column <= 8; column += 6) {
                        long atMicros = rs.getLong(column);
                        if (!rs.wasNull()) {
                            counted.add(new Punch(LocalDateTime.ofInstant(LocalInstants.instant(atMicros), zoneOf.get(id)),
                                    Optional.ofNullable(rs.getString(column + 1)).map(PunchType::valueOf), rs.getBoolean(column + 2),
                                    rs.getBoolean(column + 3), rs.getBoolean(column + 4), Punch.Source.valueOf(rs.getString(column + 5))));
                        }
                    }
                    return Map.entry(id, counted);
                })
                .forEach(e -> punches.put(e.getKey(), e.getValue())));
        return punches;
    }

    /** A window's local edge as the instant bound in {@link #counted} (ISO text, read by PostgreSQL as timestamptz). */
    private static String instant(LocalDateTime local, ZoneId zone) {
        return local.atZone(zone).toOffsetDateTime().toString();
    }

    /** An attempt as an OPD admin reads it: who, when (local time of the unit), and what was answered. */
    public record Attempt(String employeeKey, String name, String unitCode, LocalDateTime at, Optional<String> type, boolean accepted,
                         Optional<String> reason, String message, Optional<Integer> distanceM, Optional<Double> accuracyM,
                         boolean offlineSynced, String source) {
    }

    /**
     * A day's attempts (by official time in the unit's zone) of a unit and its sub-units or of one employee, oldest first;
     * a moved employee's under the unit he was in that day, as his attendance record is.
     */
    public List<Attempt> attempts(LocalDate date, Optional<String> unitCode, Optional<String> employeeKey, boolean refusedOnly) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee, e.name, u.code AS unit, u.time_zone, c.at, c.type,
                               c.accepted, c.reason, c.message, c.distance_m, c.accuracy_m, c.offline_synced, c.source
                          FROM checkin c JOIN employee_directory e ON e.id = c.employee_id JOIN unit z ON z.id = e.unit_id
                               CROSS JOIN LATERAL (SELECT CASE WHEN c.employee_id IN (SELECT moved_employees())
                                                               THEN unit_on(c.employee_id, :date) ELSE e.unit_id END AS unit_id) d
                               JOIN unit u ON u.id = d.unit_id
                         WHERE (c.at AT TIME ZONE z.time_zone)::date = :date AND d.unit_id IN (SELECT unit_scope(:unit))
                           AND (:employee IS NULL OR e.nip = :employee OR e.nik = :employee) AND (NOT :refused OR NOT c.accepted)
                         ORDER BY c.at, c.request_id""")
                .bind("date", date).bind("unit", unitCode.orElse(null)).bind("employee", employeeKey.orElse(null))
                .bind("refused", refusedOnly)
                .map((rs, ctx) -> new Attempt(rs.getString("employee"), rs.getString("name"), rs.getString("unit"),
                        rs.getObject("at", OffsetDateTime.class).atZoneSameInstant(ZoneId.of(rs.getString("time_zone"))).toLocalDateTime().withNano(0),
                        Optional.ofNullable(rs.getString("type")), rs.getBoolean("accepted"), Optional.ofNullable(rs.getString("reason")),
                        rs.getString("message"), Optional.ofNullable((Integer) rs.getObject("distance_m")),
                        Optional.ofNullable((Float) rs.getObject("accuracy_m")).map(Float::doubleValue), rs.getBoolean("offline_synced"), rs.getString("source")))
                .list());
    }

    /** How many attempts arrived since an instant, and how many of them were accepted: what a load test checks. */
    public record Tally(long total, long accepted) {
    }

    public Tally receivedSince(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) AS total, count(*) FILTER (WHERE accepted) AS accepted FROM checkin WHERE received_at >= :since""")
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new Tally(rs.getLong("total"), rs.getLong("accepted"))).one());
    }

    private static final String SELECT = """
            SELECT request_id, employee_id, device_id, type, at, received_at, client_time, work_date, latitude::float8 AS latitude,
                   longitude::float8 AS longitude, accuracy_m, distance_m, location_name, accepted, message, reason,
                   offline_synced, work_from_home, work_from_anywhere, host(client_address) AS client_address
              FROM checkin""";

    private static List<Row> find(Handle h, List<UUID> requestIds) {
        return h.createQuery(SELECT + " WHERE request_id = ANY(:ids)").bind("ids", requestIds.toArray(UUID[]::new))
                .map((rs, ctx) -> map(rs)).list();
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getObject("request_id", UUID.class), rs.getLong("employee_id"), rs.getLong("device_id"),
                Optional.ofNullable(rs.getString("type")).map(PunchType::valueOf),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getObject("client_time", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                Optional.ofNullable(rs.getObject("work_date", LocalDate.class)), rs.getDouble("latitude"), rs.getDouble("longitude"),
                rs.getDouble("accuracy_m"), Optional.ofNullable((Integer) rs.getObject("distance_m")),
                Optional.ofNullable(rs.getString("location_name")), rs.getBoolean("accepted"), rs.getString("message"),
                Optional.ofNullable(rs.getString("reason")).map(RefusalReason::valueOf), rs.getBoolean("offline_synced"), rs.getBoolean("work_from_home"),
                rs.getBoolean("work_from_anywhere"), Optional.ofNullable(rs.getString("client_address")));
    }
}
