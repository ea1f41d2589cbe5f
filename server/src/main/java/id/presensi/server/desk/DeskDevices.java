package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.store.MachineStore;
import id.presensi.unit.TimeZones;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * "Perangkat": the active phones of the operator's units; revoking a lost one with the CLI's preview and confirmation
 * ({@code device revoke}: what stops working, then a yes); an activation code for one person, shown once (the same
 * {@link DeviceStore#enroll} as {@code device enroll}: only its Argon2id hash is stored); and the fingerprint machines
 * as {@code machine list} shows them. Every change runs on the operator's connection and is audited as them.
 */
final class DeskDevices {
    private final Desk desk;

    DeskDevices(Desk desk) {
        this.desk = desk;
    }

    void list(Context ctx) {
        DeskSession session = desk.session(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        var devices = desk.as(session, jdbi -> new DeviceStore(jdbi).list(unit));
        Desk.json(ctx, Map.of("devices", devices.stream().map(d -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("key", d.employeeKey());
            v.put("name", d.name());
            v.put("unit", d.unitCode());
            v.put("device", d.device());
            v.put("activatedAt", local(d.activatedAt()));
            return v;
        }).toList()));
    }

    /** What revoking would affect, in the CLI's words translated; 404 when the person has no active phone the operator sees. */
    void preview(Context ctx) {
        DeskSession session = desk.session(ctx);
        String key = key(ctx.queryParam("key"));
        DeviceStore.Active active = desk.as(session, jdbi -> new DeviceStore(jdbi).active(key)).orElseThrow(() -> noPhone(key));
        Desk.json(ctx, preview(active));
    }

    private static Map<String, Object> preview(DeviceStore.Active a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key", a.employeeKey());
        v.put("name", a.name());
        v.put("device", a.device());
        v.put("activatedAt", local(a.activatedAt()));
        v.put("impact", "Ponsel \"" + a.device() + "\" milik " + a.name() + " (diaktifkan " + TimeZones.local(a.activatedAt()).toLocalDate()
                + ") langsung tidak bisa dipakai; ia tidak bisa presensi sampai kode aktivasi baru diterbitkan dan dipakai.");
        return v;
    }

    /**
     * {"key": NIP/NIK, "confirm": true}: revokes the active phone and any unused code, through {@code device_revoke}
     * (V20), which checks the scope and audits. Without the confirmation nothing changes and the preview comes back,
     * as the CLI asks before it removes.
     */
    void revoke(Context ctx) {
        DeskSession session = desk.changing(ctx);
        JsonNode body = Desk.body(ctx);
        String key = key(Desk.text(body, "key", 24));
        if (!body.path("confirm").asBoolean(false)) {
            DeviceStore.Active active = desk.as(session, jdbi -> new DeviceStore(jdbi).active(key)).orElseThrow(() -> noPhone(key));
            Map<String, Object> v = new LinkedHashMap<>(preview(active));
            v.put("revoked", false);
            v.put("message", "Belum dicabut: konfirmasi dulu.");
            ctx.status(409);
            Desk.json(ctx, v);
            return;
        }
        Audit audit = new Audit(session.operator.name(), "desk: device revoke " + key);
        boolean revoked = inScope(key, () -> desk.as(session, jdbi -> jdbi.inTransaction(h -> new DeviceStore(jdbi).revoke(h, audit, key))));
        if (!revoked) {
            throw noPhone(key);
        }
        Desk.json(ctx, Map.of("key", key, "revoked", true));
    }

    /** {"key": NIP/NIK}: a new one-time activation code, valid 72 hours; the answer is the only place it is ever shown. */
    void code(Context ctx) {
        DeskSession session = desk.changing(ctx);
        String key = key(Desk.text(Desk.body(ctx), "key", 24));
        Audit audit = new Audit(session.operator.name(), "desk: device enroll " + key);
        DeviceStore.Issued issued = inScope(key, () -> desk.as(session, jdbi -> jdbi.inTransaction(h -> new DeviceStore(jdbi)
                .enroll(h, audit, key, DeviceStore.DEFAULT_CODE_VALIDITY, session.operator.name()))));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key", issued.employeeKey());
        v.put("name", issued.name());
        v.put("unit", issued.unitCode());
        v.put("code", issued.code());
        v.put("expiresAt", local(issued.expiresAt()));
        Desk.json(ctx, v);
    }

    void machines(Context ctx) {
        DeskSession session = desk.session(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        var machines = desk.as(session, jdbi -> new MachineStore(jdbi).list(unit));
        Desk.json(ctx, Map.of("machines", machines.stream().map(m -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("serial", m.serial());
            v.put("name", m.name().orElse(null));
            v.put("unit", m.unitCode().orElse(null));
            v.put("registered", m.registered());
            v.put("lastContact", m.lastContact().map(DeskDevices::local).orElse(null));
            v.put("lastPunch", m.lastPunch().map(DeskDevices::local).orElse(null));
            v.put("lastAddress", m.lastAddress().orElse(null));
            v.put("unmatched", m.unmatchedPunches());
            v.put("held", m.heldPunches());
            v.put("setAside", m.setAsidePunches());
            return v;
        }).toList()));
    }

    /** A NIP or NIK as typed (spaces allowed, as printed on a card); anything else is refused before the database. */
    private static String key(String text) {
        String key = text == null ? "" : text.replace(" ", "").strip();
        if (!key.matches("[0-9]{16}|[0-9]{18}")) {
            throw DeskException.badRequest("NIP (18 angka) atau NIK (16 angka) wajib diisi");
        }
        return key;
    }

    /** Someone the operator cannot see is nobody: the store's "no employee" said in the desk's words. */
    private static <T> T inScope(String key, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (DeskException e) {
            throw e.status == 404 ? DeskException.notFound("Pegawai dengan NIP/NIK " + key + " tidak ada di unit Anda.") : e;
        }
    }

    private static DeskException noPhone(String key) {
        return DeskException.notFound("Tidak ada ponsel aktif untuk " + key + " di unit Anda.");
    }

    private static String local(Instant at) {
        return TimeZones.local(at).withNano(0).toString().replace('T', ' ');
    }
}
