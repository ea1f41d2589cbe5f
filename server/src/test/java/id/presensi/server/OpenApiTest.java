package id.presensi.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone API's OpenAPI document against the running server: every route it registers is documented (and nothing
 * documented is missing), every documented request body is accepted as its example shows, and each of its rules
 * (a required field, an enum, a range, a length, a format) is one the server refuses with 400 naming the field, in
 * Indonesian; a field the document does not name is refused too.
 */
class OpenApiTest {
    private static final String CLERK = "199002282015121002";
    /** The machines' ADMS protocol (ZKTeco's), not the phone API: documented in the README's fingerprint section. */
    private static final String MACHINE_PROTOCOL = "/iclock/";
    /** The operators' desk: a web application of its own (signed in with a cookie), not the phones' API. */
    private static final String DESK = "/admin";

    private final TestDatabase db = TestDatabase.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final CheckInServerTest.TestClock clock =
            new CheckInServerTest.TestClock(LocalDateTime.of(2026, 9, 16, 7, 15).atZone(CheckInServerTest.WITA).toInstant());
    private CheckInServer server;
    private JsonNode document;
    private String token;

    @BeforeEach
    void a_clerk_with_an_active_phone_and_the_served_document() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit WHERE code = 'BKPSDM'", CLERK);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9086, 116.1978, 100 FROM unit");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock.clock()).withLimits(CheckInServerTest.MANY)
                .withRate(PhoneRate.LIFTED)); // one phone sends every documented rule at machine speed
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), CLERK, Duration.ofHours(72), "admin").code());
        var activated = send("POST", "/api/v1/activate", "application/json", null,
                "{\"employee\":\"" + CLERK + "\",\"code\":\"" + code + "\",\"deviceName\":\"HP\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
        token = json.readTree(activated.body()).get("token").asText();

        var served = send("GET", "/api/v1/openapi.json", null, null, null);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        document = json.readTree(served.body());
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void a_large_json_answer_is_gzipped_for_a_client_that_accepts_it_and_a_small_one_is_sent_as_it_is() throws Exception {
        var big = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/openapi.json"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(big.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var unzipped = new GZIPInputStream(new ByteArrayInputStream(big.body()))) {
            assertThat(json.readTree(unzipped)).isEqualTo(document);
        }

        var small = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/me"))
                .header("Accept-Encoding", "gzip").header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(json.readTree(small.body()).isObject()).isTrue();
    }

    @Test
    void every_route_the_server_registers_is_documented_and_every_documented_route_exists() {
        Set<String> registered = new TreeSet<>();
        for (String route : server.routes()) {
            if (!route.split(" ")[1].startsWith(MACHINE_PROTOCOL) && !route.split(" ")[1].startsWith(DESK)) {
                registered.add(route);
            }
        }
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(documented).isEqualTo(registered).contains("GET /api/v1/openapi.json", "POST /api/v1/checkins");
    }

    @Test
    void the_fields_each_body_documents_are_exactly_those_the_server_takes() {
        assertThat(properties("Activation")).isEqualTo(CheckInServer.ACTIVATION_FIELDS);
        assertThat(properties("CheckIn")).isEqualTo(CheckInServer.CHECKIN_FIELDS);
        assertThat(properties("CheckInFields")).isEqualTo(CheckInServer.CHECKIN_HEADER_FIELDS);
        assertThat(properties("LeaveRequest")).isEqualTo(RequestEndpoints.LEAVE_FIELDS);
        assertThat(properties("CorrectionRequest")).isEqualTo(RequestEndpoints.CORRECTION_FIELDS);
    }

    @Test
    void each_documented_body_is_accepted_as_its_example_and_each_documented_rule_is_refused_with_400_naming_the_field() {
        List<String> checked = new ArrayList<>();
        check("/api/v1/activate", "Activation", checked);
        check("/api/v1/checkins", "CheckIn", checked);
        check("/api/v1/requests", "LeaveRequest", checked);
        check("/api/v1/requests", "CorrectionRequest", checked);
        // a refusal of each kind was tried: the document's rules are not decoration
        assertThat(checked).contains("CheckIn.lat maximum", "CheckIn.type enum", "CorrectionRequest.time required",
                "LeaveRequest.dateFrom format", "CheckIn.requestId format", "LeaveRequest.reason maxLength", "CheckIn.mock type");
    }

    @Test
    void the_fields_of_a_check_in_with_its_photo_as_the_body_follow_the_documented_header_schema() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, (byte) 0xFF, (byte) 0xD9};
        ObjectNode fields = (ObjectNode) schema("CheckInFields").get("example").deepCopy();
        assertThat(photoCheckIn(fields.toString(), jpeg).statusCode()).isIn(201, 422);
        fields.put("attachment", "x");
        var unknown = photoCheckIn(fields.toString(), jpeg);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("message").asText()).isEqualTo("Kolom tidak dikenal: attachment");
    }

    @Test
    void what_the_page_sends_and_older_pages_queued_is_still_accepted() throws Exception {
        // the page's check-in (app.js locate()), and its request after dropping the label it keeps for itself
        var checkIn = send("POST", "/api/v1/checkins", "application/json", token, """
                {"type":"IN","lat":-1.9086,"lon":116.1978,"accuracy":15.4,"clientTime":"2026-09-15T23:15:02.123Z",
                 "requestId":"2f6c1d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"}""");
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
        var request = send("POST", "/api/v1/requests", "application/json", token, """
                {"requestId":"3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d","type":"DI_LUAR_LOKASI","reason":"GPS mati di gerbang",
                 "time":"2026-09-15T07:20","punch":"IN"}""");
        assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
    }

    private void check(String path, String schemaName, List<String> checked) {
        JsonNode schema = schema(schemaName);
        ObjectNode example = (ObjectNode) schema.get("example");
        var asDocumented = post(path, example);
        assertThat(asDocumented.statusCode()).as(schemaName + " example: " + asDocumented.body()).isNotIn(400, 404, 415);

        ObjectNode unknown = example.deepCopy();
        unknown.put("attachment", "surat.jpg");
        refused(path, unknown, "attachment", schemaName + " unknown field");
        assertThat(message(post(path, unknown))).isEqualTo("Kolom tidak dikenal: attachment");
        if (path.endsWith("requests")) {
            // the other kind's field is not silently dropped either
            ObjectNode otherKind = example.deepCopy();
            otherKind.put(schemaName.startsWith("Leave") ? "time" : "dateFrom", "2026-09-15");
            refused(path, otherKind, schemaName.startsWith("Leave") ? "time" : "dateFrom", schemaName + " other kind's field");
        }

        for (JsonNode required : schema.get("required")) {
            ObjectNode without = example.deepCopy();
            without.remove(required.asText());
            refused(path, without, required.asText(), schemaName + "." + required.asText() + " required");
            checked.add(schemaName + "." + required.asText() + " required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String field = property.getKey();
            JsonNode rules = property.getValue();
            String type = rules.get("type").asText();
            String label = schemaName + "." + field + " ";
            ObjectNode wrongType = example.deepCopy();
            if (type.equals("string")) {
                wrongType.put(field, 12);
            } else {
                wrongType.put(field, "12");
            }
            refused(path, wrongType, field, label + "type");
            checked.add(label + "type");
            if (rules.has("enum")) {
                refused(path, with(example, field, "XYZ"), field, label + "enum");
                checked.add(label + "enum");
            }
            if (rules.has("minimum")) {
                refused(path, with(example, field, rules.get("minimum").asDouble() - 1), field, label + "minimum");
                checked.add(label + "minimum");
            }
            if (rules.has("maximum")) {
                refused(path, with(example, field, rules.get("maximum").asDouble() + 1), field, label + "maximum");
                checked.add(label + "maximum");
            }
            if (rules.has("maxLength")) {
                refused(path, with(example, field, "x".repeat(rules.get("maxLength").asInt() + 1)), field, label + "maxLength");
                checked.add(label + "maxLength");
            }
            if (rules.has("format") || rules.has("pattern")) {
                refused(path, with(example, field, "!!"), field, label + "format");
                checked.add(label + "format");
            }
        }
    }

    private void refused(String path, ObjectNode body, String field, String what) {
        var response = post(path, body);
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(message(response)).as(what).contains(field);
        assertThat(message(response)).as(what).containsPattern("Kolom|kolom");
    }

    private static ObjectNode with(ObjectNode example, String field, String value) {
        ObjectNode copy = example.deepCopy();
        copy.put(field, value);
        return copy;
    }

    private static ObjectNode with(ObjectNode example, String field, double value) {
        ObjectNode copy = example.deepCopy();
        copy.put(field, value);
        return copy;
    }

    private Set<String> properties(String schemaName) {
        Set<String> names = new TreeSet<>();
        schema(schemaName).get("properties").fieldNames().forEachRemaining(names::add);
        assertThat(schema(schemaName).get("additionalProperties").asBoolean(true)).as(schemaName).isFalse();
        return names;
    }

    private JsonNode schema(String name) {
        return document.get("components").get("schemas").get(name);
    }

    private String message(HttpResponse<String> response) {
        try {
            return json.readTree(response.body()).get("message").asText();
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private HttpResponse<String> post(String path, ObjectNode body) {
        return send("POST", path, "application/json", path.endsWith("activate") ? null : token, body.toString());
    }

    private HttpResponse<String> photoCheckIn(String fields, byte[] photo) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/checkins"))
                .header("Content-Type", "image/jpeg").header("Authorization", "Bearer " + token).header(CheckInServer.CHECKIN_HEADER, fields)
                .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String bearer, String body) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
