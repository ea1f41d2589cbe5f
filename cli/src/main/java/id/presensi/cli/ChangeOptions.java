package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.Audit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The database options of a command that changes data: who is making the change, for the audit trail. */
public class ChangeOptions extends DatabaseOptions {

    @Option(names = "--operator", paramLabel = "NAME",
            description = "Who is making the change, for the audit trail (default: the OS user). An operator signed in with "
                    + "--db-user is always recorded as themselves.")
    String operator;

    /** The name the audit trail records: a signed-in operator cannot write changes in someone else's name. */
    String operator() {
        return signedIn().orElseGet(() -> operator != null ? operator : System.getProperty("user.name"));
    }

    /** The audit trail of this command: the operator and the command line as typed, quoted where a shell would need it. */
    Audit audit(CommandSpec spec) {
        return new Audit(operator(), CommandText.of(spec));
    }

    /** One change by an operator: connect, do it in one transaction with the command's audit trail, disconnect. */
    <T> T change(CommandSpec spec, Change<T> work) {
        try (Database database = open()) {
            Audit audit = audit(spec);
            return database.jdbi().inTransaction(h -> work.apply(database.jdbi(), h, audit));
        }
    }

    /** The work of {@link #change}. */
    @FunctionalInterface
    interface Change<T> {
        T apply(Jdbi jdbi, Handle h, Audit audit);
    }
}
