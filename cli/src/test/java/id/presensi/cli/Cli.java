package id.presensi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real command line in-process on a Presensi home, capturing what it prints. */
final class Cli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final Path home;

    Cli(Path home) {
        this.home = home;
    }

    int run(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        if (!full.contains("--help")) {
            full.add("--home");
            full.add(home.toString());
        }
        String[] line = full.toArray(String[]::new);
        var cmd = Presensi.commandLine(line); // as main builds it: only the named command's tree
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(line);
    }
}
