package id.presensi.server.desk;

import id.presensi.db.Failures;

import java.util.Map;

/** What the database's refusals mean to someone at the desk. */
final class DeskErrors {
    private DeskErrors() {
    }

    /**
     * A lost connection ends the session (sign in again); a refusal by row-level security or a grant is a 403; a
     * check the data failed (a closed month, a constraint) a 409; a store's "no such ..." a 404 and other wrong
     * input a 400. Anything else goes on as it is, to the service's one 503 answer.
     */
    static RuntimeException answer(RuntimeException e, Runnable endSession) {
        if (Failures.hasSqlState(e, state -> state.startsWith("08"))) {
            endSession.run();
            return new DeskException(401, "SIGNED_OUT", "Sambungan ke basis data terputus, silakan masuk lagi.");
        }
        if (Failures.hasSqlState(e, state -> state.equals("42501"))) {
            return new DeskException(403, "FORBIDDEN", "Anda tidak berhak melakukan ini.");
        }
        if (Failures.hasSqlState(e, state -> state.startsWith("23") || state.startsWith("P0") || state.startsWith("22"))) {
            return new DeskException(409, "REFUSED", "Ditolak basis data: " + Failures.rootMessage(e).replaceFirst("^ERROR: ", ""),
                    Map.of());
        }
        if (e instanceof IllegalArgumentException) {
            String message = e.getMessage() == null ? "permintaan tidak sah" : e.getMessage();
            return message.startsWith("no ") ? DeskException.notFound(message) : DeskException.badRequest(message);
        }
        return e;
    }
}
