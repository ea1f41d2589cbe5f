package id.presensi.cli;

import id.presensi.db.Failures;
import id.presensi.store.Constraints;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Turns any failure into one line on stderr and exit code 1. The stack trace goes to the log only:
 * an operator should read what went wrong, not Java internals.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        log.error("{} failed", cmd.getCommandName(), e);
        if (e instanceof CommandLine.ParameterException p) {
            cmd.getErr().println("presensi: " + p.getMessage());
            return ExitCodes.USAGE;
        }
        // a broken key or reference (SQLSTATE class 23) anywhere in the chain, whichever wrapper carried it, is said
        // in words: the operator never reads "violates foreign key constraint ..._fkey"
        String message = permissionDenied(e, cmd.getCommandSpec().qualifiedName(" "))
                .or(() -> Failures.sql(e, state -> state.startsWith("23")).map(Constraints::explain))
                .orElseGet(() -> e instanceof UnableToExecuteStatementException sql ? Constraints.explain(sql) : message(e));
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
        return ExitCodes.FAILED;
    }

    /**
     * A right the operator's role lacks, said as the action and who may do it; the table PostgreSQL named is an
     * internal detail and goes to the log only.
     */
    static Optional<String> permissionDenied(Throwable e, String command) {
        String action = command.replaceFirst("^presensi ", "");
        return Failures.sql(e, "42501"::equals).map(sql -> sql.getMessage().contains("row-level security")
                ? "not allowed: '" + action + "' would change data of a unit outside yours; an OPD admin works on "
                        + "their own units only (ask a BKPSDM operator)"
                : "not allowed: '" + action + "' needs a BKPSDM operator; your operator role may not do it "
                        + "(ask a BKPSDM operator)");
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
