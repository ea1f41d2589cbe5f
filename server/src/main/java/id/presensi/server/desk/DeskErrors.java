package id.presensi.server.desk;

import id.presensi.db.Failures;
import id.presensi.store.DeviceStore;
import org.postgresql.util.PSQLException;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** What the database's refusals mean to someone at the desk. */
final class DeskErrors {
    private DeskErrors() {
    }

    /**
     * A lost connection ends the session (sign in again); a refusal by row-level security or a grant is a 403; a
     * check the data failed (a closed month, a constraint) a 409; a store's "no such ..." a 404 and other wrong
     * input a 400. The database's own sentences are said in Indonesian ({@link DeskRefusals}). Anything else goes on
     * as it is, to the service's one 503 answer.
     */
    static RuntimeException answer(RuntimeException e, Runnable endSession) {
        if (Failures.hasSqlState(e, state -> state.startsWith("08"))) {
            endSession.run();
            return new DeskException(401, "SIGNED_OUT", "Sambungan ke basis data terputus, silakan masuk lagi.");
        }
        Optional<SQLException> refused = Failures.sql(e, state -> state.equals("42501") || state.equals("42710") || state.startsWith("23")
                || state.startsWith("P0") || state.startsWith("22"));
        if (refused.isPresent()) {
            String state = refused.get().getSQLState();
            Optional<String> said = DeskRefusals.indonesian(sentence(refused.get()));
            if (state.equals("42501")) {
                return new DeskException(403, "FORBIDDEN", said.orElse("Anda tidak berhak melakukan ini."));
            }
            return new DeskException(state.equals("P0002") ? 404 : 409, state.equals("P0002") ? "NOT_FOUND" : "REFUSED",
                    said.orElseGet(() -> DeskRefusals.byState(state)), Map.of());
        }
        if (e instanceof DeviceStore.EndedEmployment ended) {
            return DeskException.badRequest(ended.name + " (" + ended.employeeKey + ") berhenti bekerja sejak " + ended.endedFrom
                    + ": kode aktivasi tidak diterbitkan untuk kepegawaian yang sudah berakhir.");
        }
        if (e instanceof IllegalArgumentException) {
            String message = e.getMessage() == null ? "permintaan tidak sah" : e.getMessage();
            String said = DeskRefusals.indonesian(message).orElse(message);
            return message.startsWith("no ") ? DeskException.notFound(said) : DeskException.badRequest(said);
        }
        return e;
    }

    /** The database's sentence alone, without the "ERROR: " and the lines saying where it was raised. */
    private static String sentence(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return e.getMessage() == null ? "" : e.getMessage();
    }
}
