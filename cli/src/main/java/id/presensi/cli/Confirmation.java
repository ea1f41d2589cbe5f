package id.presensi.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * The safety net of every command that removes, ends or disables something: it first says what would be
 * affected, then asks on a terminal, or needs --yes when there is no terminal to ask on (cron, scripts);
 * --dry-run shows the effect and changes nothing.
 */
class Confirmation {
    @Option(names = "--yes", description = "Go ahead without asking (required when not run from a terminal).")
    boolean yes;

    @Option(names = "--dry-run", description = "Only say what would be affected; change nothing.")
    boolean dryRun;

    /** Whether to go ahead, after showing the impact; empty impact: there is nothing to act on. */
    boolean approve(CommandSpec spec, Optional<String> impact) {
        if (impact.isEmpty()) {
            return true; // the command itself reports that there is nothing to remove
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(impact.get());
        out.flush();
        if (dryRun) {
            out.println("Dry run: nothing changed.");
            return false;
        }
        if (consent(yes, "Go ahead? [y/N] ", "not done, nothing changed")) {
            return true;
        }
        out.println("Not done: nothing changed.");
        return false;
    }

    /** The exit code of a command that did not go ahead: a dry run did what was asked, a refusal did not. */
    int declined() {
        return dryRun ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * Consent to go ahead: --yes, or "y" (or "ya") typed on the terminal. Without a terminal and without --yes it
     * refuses with {@code refusal} and the advice to add --yes.
     */
    static boolean consent(boolean yes, String question, String refusal) {
        if (yes) {
            return true;
        }
        if (!Terminal.present()) {
            throw new IllegalArgumentException(refusal + ": add --yes to confirm (there is no terminal to ask on)");
        }
        String answer = Terminal.readLine(question);
        return answer != null && (answer.strip().toLowerCase(Locale.ROOT).equals("y") || answer.strip().equalsIgnoreCase("ya"));
    }
}
