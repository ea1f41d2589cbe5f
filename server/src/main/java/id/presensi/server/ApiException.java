package id.presensi.server;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/** A refusal the API answers with a status and a JSON body {error, message}, never a stack trace. */
class ApiException extends RuntimeException {
    final int status;
    final String error;
    final Map<String, String> headers;

    ApiException(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    ApiException(int status, String error, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    static ApiException unavailable(String message) {
        return new ApiException(503, "UNAVAILABLE", message, Map.of("Retry-After", "5"));
    }

    /** A body cut short or sent too slowly: the phone sends it again on a better connection. */
    static ApiException cutOff() {
        return new ApiException(408, "REQUEST_TIMEOUT", "Data terputus atau terlalu lambat terkirim; coba kirim ulang.");
    }

    /** A phone over one of its daily bounds: it may try again at the next local midnight. */
    static ApiException tooMany(String error, String message, Instant now, ZoneId zone) {
        long seconds = Duration.between(now, LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone)).toSeconds();
        return new ApiException(429, error, message, Map.of("Retry-After", Long.toString(Math.max(1, seconds))));
    }
}
