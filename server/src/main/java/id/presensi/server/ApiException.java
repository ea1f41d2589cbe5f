package id.presensi.server;

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
}
