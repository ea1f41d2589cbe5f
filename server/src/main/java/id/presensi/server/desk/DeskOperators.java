package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.operator.Role;
import id.presensi.store.Audit;
import id.presensi.store.OperatorStore;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The BKPSDM's "Operator" page: the operators, a new OPD admin for a unit, disabling one, a new password for one
 * ({@code operator list|add|disable|passwd}), through {@link OperatorStore} on the BKPSDM operator's own connection.
 * The database's functions (V27) decide: BKPSDM makes and changes OPD admins only, and each change is audited as
 * the operator. A password is generated and answered once (never stored or logged here) or set by the operator; a
 * disabled admin, or one given a new password, is signed out of the desk at once.
 */
final class DeskOperators {
    /** As the database's: pg_ names are PostgreSQL's own. */
    private static final String NAME = "(?!pg_)[a-z][a-z0-9_.]{2,40}";
    private static final int MIN_PASSWORD = 12;
    private final Desk desk;

    DeskOperators(Desk desk) {
        this.desk = desk;
    }

    void list(Context ctx) {
        DeskSession session = DeskBkpsdm.bkpsdm(desk.session(ctx));
        List<OperatorStore.Listed> operators = desk.as(session, jdbi -> new OperatorStore(jdbi).list());
        Desk.json(ctx, Map.of("operators", operators.stream().map(o -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", o.name());
            v.put("role", o.role());
            v.put("unit", o.unitCode());
            v.put("status", o.disabled() ? "NONAKTIF" : o.hasLogin() ? "AKTIF" : "TANPA_LOGIN");
            v.put("createdAt", o.createdAt().toString());
            return v;
        }).toList()));
    }

    /** {"name": "rina.dinkes", "unit": "DINKES", "password": optional, "employee": optional NIP/NIK}. */
    void add(Context ctx) {
        DeskSession session = DeskBkpsdm.bkpsdm(desk.changing(ctx));
        JsonNode body = Desk.body(ctx);
        String name = name(body);
        String unit = DeskBkpsdm.unit(desk, body, session).orElseThrow(() -> DeskException.badRequest("unit wajib diisi: admin OPD mengurus satu unit"));
        Optional<String> password = password(body);
        Optional<String> employee = optional(body, "employee").map(k -> {
            if (!k.matches("\\d{16}|\\d{18}")) {
                throw DeskException.badRequest("employee harus NIP (18 angka) atau NIK (16 angka)");
            }
            return k;
        });
        Audit audit = new Audit(session.operator.name(), "desk: operator add " + name + " --role opd-admin --unit " + unit);
        String secret = desk.as(session, jdbi -> {
            if (new OperatorStore(jdbi).list().stream().anyMatch(o -> o.name().equals(name))) {
                throw new DeskException(409, "EXISTS", "Operator " + name + " sudah ada.");
            }
            return jdbi.inTransaction(h -> new OperatorStore(jdbi).add(h, audit, name, Role.OPD_ADMIN, Optional.of(unit), password, employee));
        });
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("unit", unit);
        v.put("message", "Admin OPD " + name + " untuk unit " + unit + " ditambahkan.");
        if (password.isEmpty()) {
            v.put("password", secret);
        }
        Desk.json(ctx, v);
    }

    /** {"name": ..}: they can no longer sign in; their past changes stay in the audit trail. */
    void disable(Context ctx) {
        DeskSession session = DeskBkpsdm.bkpsdm(desk.changing(ctx));
        String name = name(Desk.body(ctx));
        Audit audit = new Audit(session.operator.name(), "desk: operator disable " + name);
        boolean disabled = desk.as(session, jdbi -> jdbi.inTransaction(h -> new OperatorStore(jdbi).disable(h, audit, name)));
        if (!disabled) {
            throw DeskException.notFound("Tidak ada operator aktif bernama " + name + ".");
        }
        desk.signOutEverywhere(name);
        Desk.json(ctx, Map.of("disabled", true, "message", "Operator " + name + " dinonaktifkan; ia tidak dapat masuk lagi."));
    }

    /** {"name": .., "password": optional}: without one, a new one is generated and answered once. */
    void password(Context ctx) {
        DeskSession session = DeskBkpsdm.bkpsdm(desk.changing(ctx));
        JsonNode body = Desk.body(ctx);
        String name = name(body);
        Optional<String> password = password(body);
        Audit audit = new Audit(session.operator.name(), "desk: operator passwd " + name);
        String secret = desk.as(session, jdbi -> jdbi.inTransaction(h -> new OperatorStore(jdbi).password(h, audit, name, password)));
        desk.signOutEverywhere(name);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("message", "Kata sandi " + name + " diganti.");
        if (password.isEmpty()) {
            v.put("password", secret);
        }
        Desk.json(ctx, v);
    }

    private static String name(JsonNode body) {
        String name = Desk.text(body, "name", 41).toLowerCase(Locale.ROOT);
        if (!name.matches(NAME)) {
            throw DeskException.badRequest("Nama operator 3-41 huruf kecil, angka, titik atau garis bawah, diawali huruf (bukan pg_).");
        }
        return name;
    }

    private static Optional<String> password(JsonNode body) {
        Optional<String> password = optional(body, "password");
        if (password.filter(p -> p.length() < MIN_PASSWORD || p.length() > 200).isPresent()) {
            throw DeskException.badRequest("Kata sandi " + MIN_PASSWORD + " sampai 200 huruf, atau kosongkan agar dibuatkan.");
        }
        return password;
    }

    private static Optional<String> optional(JsonNode body, String field) {
        return Optional.ofNullable(body.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText).map(String::strip).filter(s -> !s.isEmpty());
    }
}
