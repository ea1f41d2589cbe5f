package id.presensi.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

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
        String message = permissionDenied(e).orElseGet(() -> e instanceof org.jdbi.v3.core.statement.UnableToExecuteStatementException sql
                ? id.presensi.store.Constraints.explain(sql) : message(e));
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
        return ExitCodes.FAILED;
    }

    /** A right the operator's role lacks, named as PostgreSQL names it, instead of a raw SQL error. */
    static java.util.Optional<String> permissionDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "42501".equals(sql.getSQLState())) {
                String detail = sql.getMessage().replaceFirst("^ERROR: ", "").replaceAll("\\s*Where:.*$", "").strip();
                return java.util.Optional.of("not allowed: " + detail + ". Your operator role lacks this right"
                        + (detail.contains("row-level security") ? " (the row belongs to a unit outside yours)" : "")
                        + "; ask a BKPSDM operator.");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
