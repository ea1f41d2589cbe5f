package id.presensi.server.desk;

import java.util.Map;

/** A refusal of the desk: a status and a JSON body {error, message} in Indonesian, never a stack trace. */
final class DeskException extends RuntimeException {
    final int status;
    final String error;
    final Map<String, String> headers;

    DeskException(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    DeskException(int status, String error, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    static DeskException badRequest(String message) {
        return new DeskException(400, "BAD_REQUEST", message);
    }

    static DeskException notFound(String message) {
        return new DeskException(404, "NOT_FOUND", message);
    }
}
