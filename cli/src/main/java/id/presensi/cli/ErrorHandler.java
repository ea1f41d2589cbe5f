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
        String message = e instanceof org.jdbi.v3.core.statement.UnableToExecuteStatementException sql
                ? id.presensi.store.Constraints.explain(sql) : message(e);
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
        return ExitCodes.FAILED;
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
