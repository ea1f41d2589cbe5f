package id.presensi.store;

import id.presensi.device.CodeHash;
import id.presensi.device.Secrets;
import id.presensi.device.Throttle;
import id.presensi.text.Text;
import id.presensi.unit.TimeZones;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds one phone to one employee. An OPD admin enrolls the employee and hands over a one-time code; the
 * phone activates it and gets a token; a new activation retires the old device. Only hashes are stored.
 */
public final class DeviceStore {
    /** No phone is enrolled for an employment that has ended; typed so each front end can say it in its own words. */
    public static final class EndedEmployment extends IllegalArgumentException {
        public final String employeeKey;
        public final String name;
        public final LocalDate endedFrom;

        EndedEmployment(String employeeKey, String name, LocalDate endedFrom, String reason) {
            super(employeeKey + " " + name + " stopped working from " + endedFrom + " (" + reason + "): no phone is enrolled for an ended employment");
            this.employeeKey = employeeKey;
            this.name = name;
            this.endedFrom = endedFrom;
        }
    }

    public static final Duration DEFAULT_CODE_VALIDITY = Duration.ofHours(72);

    private final Jdbi jdbi;

    public DeviceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A code issued to an employee; the plain code exists only here, to be printed once. */
    public record Issued(String employeeKey, String name, String unitCode, String code, Instant expiresAt) {
    }

    /** Issues a new code; any earlier unused code of the employee stops working. */
    public Issued enroll(Handle h, Audit audit, String employeeKey, Duration validity, String operator) {
        return enroll(h, audit, List.of(employeeKey), validity, operator).get(0);
    }

    /**
     * Issues new codes to many employees at once (a unit, a regency), in the caller's transaction. The codes are
     * hashed first, on every core: a slow hash (see {@link CodeHash}) one at a time would take minutes for a regency.
     */
    public List<Issued> enroll(Handle h, Audit audit, List<String> employeeKeys, Duration validity, String operator) {
        List<Long> ids = employeeKeys.stream().map(k -> employeeId(h, k)).toList();
        List<String> codes = ids.stream().map(id -> Secrets.newCode()).toList();
        List<CodeHash.Hashed> hashes = codes.parallelStream().map(CodeHash.Hashed::of).toList();
        List<Issued> issued = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            long employeeId = ids.get(i);
            Lookups.Person e = Lookups.person(h, employeeId);
            e.endedFrom().filter(ended -> !ended.isAfter(LocalDate.now(TimeZones.DEFAULT))).ifPresent(ended -> {
                throw new EndedEmployment(e.key(), e.name(), ended, e.endReason().orElse(""));
            });
            h.createUpdate("DELETE FROM activation_code WHERE employee_id = :id AND used_at IS NULL").bind("id", employeeId).execute();
            CodeHash.Hashed hashed = hashes.get(i);
            Instant expires = h.createQuery("""
                            INSERT INTO activation_code (employee_id, salt, code_hash, code_hash_scheme, expires_at, created_by)
                            VALUES (:id, :salt, :hash, :scheme, now() + make_interval(secs => :secs), :by) RETURNING expires_at""")
                    .bind("id", employeeId).bind("salt", hashed.salt()).bind("hash", hashed.hash()).bind("scheme", hashed.scheme())
                    .bind("secs", validity.toSeconds()).bind("by", operator)
                    .mapTo(OffsetDateTime.class).one().toInstant();
            audit.recordForEmployee(h, employeeId, "activation_code", e.key(), null, Map.of("expiresAt", expires.toString()));
            issued.add(new Issued(e.key(), e.name(), e.unitCode(), codes.get(i), expires));
        }
        return issued;
    }

    /** Whom a unit's (or everyone's) enrolment is for, and how many were left out for an ended employment. */
    public record Staff(List<String> keys, int ended) {
    }

    /** Keys of the active staff of a unit and its sub-units (all: none given) still employed today, for enrolling them at once. */
    public Staff staffOf(Handle h, Optional<String> unitCode) {
        unitCode.ifPresent(code -> Lookups.unitId(h, "--unit", code));
        List<String> keys = new ArrayList<>();
        int[] ended = {0};
        h.createQuery("""
                        SELECT coalesce(nip, nik) AS key, ended_from IS NOT NULL AND ended_from <= :today AS ended FROM employee
                         WHERE active AND unit_id IN (SELECT unit_scope(:unit)) ORDER BY name, employee_key""")
                .bind("unit", unitCode.map(String::toUpperCase).orElse(null)).bind("today", LocalDate.now(TimeZones.DEFAULT))
                .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getBoolean("ended")))
                .forEach(e -> {
                    if (e.getValue()) {
                        ended[0]++;
                    } else {
                        keys.add(e.getKey());
                    }
                });
        return new Staff(keys, ended[0]);
    }

    /** Why an activation failed, as the API reports it. */
    public enum ActivationFailure { UNKNOWN_EMPLOYEE, WRONG_CODE, EXPIRED_CODE, USED_CODE, THROTTLED }

    /** Either a token for the new device, or why not (with how long to wait when throttled). */
    public record Activation(Optional<String> token, Optional<Long> deviceId, Optional<Long> employeeId,
                             Optional<ActivationFailure> failure, Duration retryAfter) {
        static Activation failed(ActivationFailure failure, Duration retryAfter) {
            return new Activation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(failure), retryAfter);
        }
    }

    private record StoredCode(long id, String scheme, byte[] salt, byte[] hash, boolean expired, boolean used) {
    }

    /** The employee's latest codes to check the typed one against, or why there is nothing to check. */
    private record Candidates(long employeeId, List<StoredCode> codes, Optional<Activation> refusal) {
        static Candidates refused(Activation refusal) {
            return new Candidates(0, List.of(), Optional.of(refusal));
        }
    }

    /**
     * Activates a phone with the employee's code. The codes are read, then hashed with no database connection held
     * (a slow hash, see {@link CodeHash}: a burst of activations waiting their turn must not hold the pool), then the
     * match is claimed in a second transaction, once only even when two phones send the same code at the same moment.
     */
    public Activation activate(String employeeKey, String typedCode, String deviceName, String client) {
        String key = employeeKey == null ? "" : employeeKey.replace(" ", "");
        String code = Secrets.normalizeCode(typedCode);
        Candidates candidates = jdbi.inTransaction(h -> {
            Duration wait = throttled(h, key, client);
            if (!wait.isZero()) {
                return Candidates.refused(Activation.failed(ActivationFailure.THROTTLED, wait));
            }
            // a code issued before the employment ended does not activate a phone after it
            Optional<Long> employeeId = h.createQuery("""
                            SELECT id FROM employee WHERE (nip = :key OR nik = :key) AND active
                               AND (ended_from IS NULL OR ended_from > (now() AT TIME ZONE 'Asia/Makassar')::date)""")
                    .bind("key", key).mapTo(Long.class).findFirst();
            if (employeeId.isEmpty()) {
                return Candidates.refused(fail(h, key, client, ActivationFailure.UNKNOWN_EMPLOYEE));
            }
            // the latest few only: each costs a slow hash, and only the latest can be unused (enroll deletes the others)
            List<StoredCode> codes = h.createQuery("""
                            SELECT id, code_hash_scheme, salt, code_hash, expires_at < now() AS expired, used_at IS NOT NULL AS used
                              FROM activation_code WHERE employee_id = :id ORDER BY created_at DESC LIMIT 3""")
                    .bind("id", employeeId.get())
                    .map((rs, ctx) -> new StoredCode(rs.getLong("id"), rs.getString("code_hash_scheme"), rs.getBytes("salt"),
                            rs.getBytes("code_hash"), rs.getBoolean("expired"), rs.getBoolean("used")))
                    .list();
            return new Candidates(employeeId.get(), codes, Optional.empty());
        });
        if (candidates.refusal().isPresent()) {
            return candidates.refusal().get();
        }
        Optional<StoredCode> match = candidates.codes().stream().filter(c -> CodeHash.matches(c.scheme(), c.salt(), c.hash(), code)).findFirst();
        long employeeId = candidates.employeeId();
        return jdbi.inTransaction(h -> {
            if (match.isEmpty()) {
                return fail(h, key, client, ActivationFailure.WRONG_CODE);
            }
            if (match.get().used()) {
                return Activation.failed(ActivationFailure.USED_CODE, Duration.ZERO);
            }
            if (match.get().expired()) {
                return Activation.failed(ActivationFailure.EXPIRED_CODE, Duration.ZERO);
            }
            if (h.createUpdate("UPDATE activation_code SET used_at = now() WHERE id = :id AND used_at IS NULL").bind("id", match.get().id())
                    .execute() == 0) {
                return Activation.failed(ActivationFailure.USED_CODE, Duration.ZERO); // another phone claimed it meanwhile
            }
            h.createUpdate("UPDATE device SET retired_at = now(), retired_reason = 'REPLACED' WHERE employee_id = :id AND retired_at IS NULL")
                    .bind("id", employeeId).execute();
            String token = Secrets.newToken();
            long deviceId = h.createQuery("INSERT INTO device (employee_id, name, token_hash) VALUES (:id, :name, :hash) RETURNING id")
                    .bind("id", employeeId).bind("name", Text.cleanOrMarked(deviceName)).bind("hash", Secrets.sha256(token))
                    .mapTo(Long.class).one();
            // audited in the activation's own transaction: written afterwards on another connection, a busy pool could
            // fail the answer of an activation already committed, and the phone's retry would meet its code used
            new Audit("device", "POST /api/v1/activate from " + client).record(h, "device", key, null,
                    Map.of("device", Text.cleanOrMarked(deviceName)));
            return new Activation(Optional.of(token), Optional.of(deviceId), Optional.of(employeeId), Optional.empty(), Duration.ZERO);
        });
    }

    private static Activation fail(Handle h, String key, String client, ActivationFailure failure) {
        h.createUpdate("INSERT INTO activation_failure (employee_key, client) VALUES (:key, :client)")
                .bind("key", key).bind("client", client).execute();
        return Activation.failed(failure, Duration.ZERO);
    }

    /**
     * Wrong codes are counted per client address and per (address, employee), so a stranger who knows a NIP
     * cannot lock its owner out: the owner's phone, from its own address, still activates with the right code.
     * The per-employee count only slows guessing: while an employee's code is under attack (20 wrong codes
     * in a day from anywhere) each address gets one free try for them instead of five.
     */
    private static Duration throttled(Handle h, String key, String client) {
        record RecentFailures(int byClient, int byPair, int byEmployee, Optional<Instant> lastByClient) {
        }
        RecentFailures f = h.createQuery("""
                        SELECT count(*) FILTER (WHERE client = :client) AS by_client,
                               count(*) FILTER (WHERE client = :client AND employee_key = :key) AS by_pair,
                               count(*) FILTER (WHERE employee_key = :key) AS by_employee,
                               max(at) FILTER (WHERE client = :client) AS last_by_client
                          FROM activation_failure
                         WHERE (client = :client OR employee_key = :key) AND at > now() - interval '1 day'""")
                .bind("client", client).bind("key", key)
                .map((rs, ctx) -> new RecentFailures(rs.getInt("by_client"), rs.getInt("by_pair"), rs.getInt("by_employee"),
                        Optional.ofNullable(rs.getObject("last_by_client", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .one();
        int byPair = f.byPair();
        boolean underAttack = f.byEmployee() >= UNDER_ATTACK;
        Duration wait = max(Throttle.waitAfter(f.byClient()),
                Throttle.waitAfter(underAttack ? byPair + Throttle.FREE_TRIES - 1 : byPair));
        if (wait.isZero()) {
            return wait;
        }
        Instant until = f.lastByClient().orElseThrow().plus(wait);
        Duration left = Duration.between(Instant.now(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static final int UNDER_ATTACK = 20;

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The active device a token belongs to: (device id, employee id), or why not. */
    public record Authenticated(long deviceId, long employeeId, boolean revoked) {
    }

    public Optional<Authenticated> authenticate(String token) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, employee_id, retired_at IS NOT NULL AS revoked FROM device WHERE token_hash = :hash""")
                .bind("hash", Secrets.sha256(token))
                .map((rs, ctx) -> new Authenticated(rs.getLong("id"), rs.getLong("employee_id"), rs.getBoolean("revoked")))
                .findOne());
    }

    /** Devices changed after a time (all of them when none is given), by token hash, as of the database's clock. */
    public record Changes(OffsetDateTime asOf, List<Map.Entry<byte[], Authenticated>> devices) {
    }

    public Changes changedSince(Optional<OffsetDateTime> since) {
        return jdbi.inTransaction(h -> {
            OffsetDateTime asOf = h.createQuery("SELECT now()").mapTo(OffsetDateTime.class).one();
            List<Map.Entry<byte[], Authenticated>> changed = h.createQuery("""
                            SELECT id, employee_id, token_hash, retired_at IS NOT NULL AS revoked FROM device
                             WHERE changed_at > coalesce(:since, '-infinity'::timestamptz)""")
                    .bind("since", since.orElse(null))
                    .map((rs, ctx) -> Map.entry(rs.getBytes("token_hash"),
                            new Authenticated(rs.getLong("id"), rs.getLong("employee_id"), rs.getBoolean("revoked"))))
                    .list();
            return new Changes(asOf, changed);
        });
    }

    /** An employee's active phone, as a revocation's preview names it. */
    public record Active(String employeeKey, String name, String device, Instant activatedAt) {
    }

    /** The employee's active phone, if they have one the operator sees. */
    public Optional<Active> active(String employeeKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee_key, e.name, d.name AS device, d.activated_at FROM device d JOIN employee e ON e.id = d.employee_id
                         WHERE (e.nip = :key OR e.nik = :key) AND d.retired_at IS NULL""")
                .bind("key", employeeKey.replace(" ", ""))
                .map(ConstructorMapper.of(Active.class))
                .findOne());
    }

    /** What revoking an employee's device would affect; empty when they have no active device. */
    public Optional<String> revocationImpact(String employeeKey) {
        return active(employeeKey).map(a -> "The phone '" + a.device() + "' of " + a.name() + " (activated "
                + a.activatedAt().atOffset(ZoneOffset.UTC).toLocalDate() + ") stops working at once; they cannot"
                + " check in until a new code is issued and activated.");
    }

    public boolean revoke(Handle h, Audit audit, String employeeKey) {
        long employeeId = employeeId(h, employeeKey);
        // the function checks the scope and writes the audit row (V20: OPD admins have no direct write on devices)
        boolean revoked = h.createQuery("SELECT device_revoke(:id, :operator, :command)")
                .bind("id", employeeId).bind("operator", audit.operator()).bind("command", audit.command()).mapTo(Boolean.class).one();
        h.createUpdate("DELETE FROM activation_code WHERE employee_id = :id AND used_at IS NULL").bind("id", employeeId).execute();
        return revoked;
    }

    /** One line of a device listing. */
    public record Listed(String employeeKey, String name, String unitCode, String device, Instant activatedAt) {
    }

    public List<Listed> list(Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee_key, e.name, u.code AS unit_code, d.name AS device, d.activated_at
                          FROM device d JOIN employee e ON e.id = d.employee_id JOIN unit u ON u.id = e.unit_id
                         WHERE d.retired_at IS NULL AND e.unit_id IN (SELECT unit_scope(:unit))
                           AND (e.ended_from IS NULL OR e.ended_from > :today) -- a retiree's phone is not an active one
                         ORDER BY u.code, e.name""")
                .bind("unit", unitCode.map(String::toUpperCase).orElse(null)).bind("today", LocalDate.now(TimeZones.DEFAULT))
                .map(ConstructorMapper.of(Listed.class))
                .list());
    }

    private static long employeeId(Handle h, String key) {
        return Lookups.employee(h, key);
    }
}
