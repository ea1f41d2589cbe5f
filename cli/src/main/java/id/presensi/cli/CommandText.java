package id.presensi.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.stream.Collectors;

/** A command line as the operator typed it, quoted so that it can be read back, or pasted into a shell, unchanged. */
final class CommandText {
    private CommandText() {
    }

    /** The whole command line: the program's name and every argument as given (the subcommands' names among them). */
    static String of(CommandSpec spec) {
        return spec.root().name() + " " + join(spec.commandLine().getParseResult().originalArgs());
    }

    static String join(List<String> args) {
        return args.stream().map(CommandText::quote).collect(Collectors.joining(" "));
    }

    /** An argument as a POSIX shell reads it: bare when safe, else in single quotes. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
