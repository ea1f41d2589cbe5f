package id.presensi.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.Console;
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
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("not done, nothing changed: add --yes to confirm (there is no terminal to ask on)");
        }
        String answer = console.readLine("Go ahead? [y/N] ");
        if (answer != null && (answer.strip().toLowerCase(Locale.ROOT).equals("y") || answer.strip().equalsIgnoreCase("ya"))) {
            return true;
        }
        out.println("Not done: nothing changed.");
        return false;
    }
}
