package id.presensi.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.store.EmployeeStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * One employee's phone as the demo and the load test drive it: activated over HTTP with the code an OPD
 * admin handed out, then checking in from the unit's work location or some way east of it.
 */
final class SimulatedPhone {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the service answered and how long it took. */
    record Answer(int status, String label, long nanos) {
    }

    private final HttpClient http;
    private final String baseUrl;
    private final EmployeeStore.Placed employee;
    private final String token;

    private SimulatedPhone(HttpClient http, String baseUrl, EmployeeStore.Placed employee, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.employee = employee;
        this.token = token;
    }

    /** An HTTP/1.1 client outright: over plain http the default would try an h2c upgrade on every new connection. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static SimulatedPhone activate(HttpClient http, String baseUrl, EmployeeStore.Placed employee, String code, String deviceName)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("employee", employee.key(), "code", code, "deviceName", deviceName));
        HttpResponse<String> response = post(http, baseUrl + "/api/v1/activate", null, body);
        // a busy service answers 503 with Retry-After, and a phone's user taps again: so does this one, a few times
        for (int attempt = 1; response.statusCode() == 503 && attempt <= 5; attempt++) {
            Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
            response = post(http, baseUrl + "/api/v1/activate", null, body);
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("activation of " + employee.key() + " answered " + response.statusCode() + ": " + response.body());
        }
        return new SimulatedPhone(http, baseUrl, employee, (String) JSON.readValue(response.body(), Map.class).get("token"));
    }

    /** A check-in (IN or OUT) from the work location moved {@code eastDegrees} east: 0.02 is about 2 km. */
    Answer checkIn(String type, double eastDegrees) throws IOException, InterruptedException {
        String body = "{\"type\":\"" + type + "\",\"lat\":" + employee.latitude() + ",\"lon\":" + (employee.longitude() + eastDegrees)
                + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}";
        long started = System.nanoTime();
        HttpResponse<String> response = post(http, baseUrl + "/api/v1/checkins", token, body);
        long took = System.nanoTime() - started;
        String label = response.statusCode() == 422 ? "422 " + JSON.readTree(response.body()).path("reason").asText()
                : Integer.toString(response.statusCode());
        return new Answer(response.statusCode(), label, took);
    }

    /** "token,lat,lon" for another load generator (wrk's Lua script). */
    String line() {
        return token + "," + employee.latitude() + "," + employee.longitude();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (!unanswered(e)) {
                throw e;
            }
            // a kept-alive connection the service closed while idle is found out only by the next request on it,
            // which the service never read; the phone page sends again too (a check-in's requestId makes a second
            // copy the same check-in), so the demo does, once, on a fresh connection
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static boolean unanswered(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("received no bytes");
    }
}
