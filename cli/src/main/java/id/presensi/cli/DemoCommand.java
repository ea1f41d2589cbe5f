package id.presensi.cli;

import id.presensi.db.EmbeddedPostgres;
import id.presensi.demo.SyntheticRegency;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Presensi on a synthetic regency shaped like Kabupaten Paser (about 40 units, "
                + "4,630 PNS and PPPK, 4,000 PTT) in a fresh demo home, through the real commands.",
                "The demo home is $PRESENSI_HOME/demo (default ~/.presensi/demo); explore it afterwards with --home."},
        subcommands = DemoCommand.Generate.class)
class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Demo home (default: $PRESENSI_HOME/demo).")
    Path home;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path demoHome = home != null ? home : new DatabaseOptions().home().resolve("demo");
        EmbeddedPostgres server = new EmbeddedPostgres(demoHome);
        server.stop(); // a fresh regency every time
        deleteRecursively(demoHome);
        Path files = Files.createDirectories(demoHome.resolve("files"));
        out.println("Presensi demo: Kabupaten Paser (synthetic), home " + demoHome);
        SyntheticRegency regency = new SyntheticRegency(2021);
        regency.writeUnits(files.resolve("unit.csv"));
        regency.writeStaff(files.resolve("pegawai.csv"), 3_900, 730, 4_000, true);
        out.println("1. Wrote the files an operator would import: " + files.resolve("unit.csv") + ", "
                + files.resolve("pegawai.csv") + " (with 3 rows carrying common mistakes)");
        out.flush();

        step(out, "2. Import the units (OPD, puskesmas, kecamatan)", demoHome, "unit", "import", files.resolve("unit.csv").toString());
        step(out, "3. Import the staff; rejected rows go to pegawai-ditolak.csv", demoHome, "staff", "import",
                files.resolve("pegawai.csv").toString(), "--rejects", files.resolve("pegawai-ditolak.csv").toString());
        step(out, "4. Import the same file again: nothing changes", demoHome, "staff", "import",
                files.resolve("pegawai.csv").toString(), "--json");
        step(out, "5. Units and their staff counts", demoHome, "unit", "list");
        server.stop();
        out.println();
        out.println("Done. Look around with: scripts/presensi staff list --unit RSUD --home " + demoHome);
        out.flush();
        return ExitCodes.OK;
    }

    private void step(PrintWriter out, String title, Path demoHome, String... args) {
        out.println();
        out.println(title + ":  presensi " + String.join(" ", args));
        out.flush();
        List<String> full = new ArrayList<>(List.of(args));
        full.add("--home");
        full.add(demoHome.toString());
        CommandLine cmd = Presensi.commandLine();
        cmd.setOut(spec.commandLine().getOut());
        cmd.setErr(spec.commandLine().getErr());
        int exit = cmd.execute(full.toArray(String[]::new));
        out.println("   (exit code " + exit + ")");
        if (exit != ExitCodes.OK && exit != ExitCodes.REJECTED) {
            throw new IllegalStateException("demo step failed: presensi " + String.join(" ", args));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Only write the synthetic unit.csv and pegawai.csv, e.g. for benchmarks.")
    static class Generate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
        @Option(names = "--pns", defaultValue = "3900") int pns;
        @Option(names = "--pppk", defaultValue = "730") int pppk;
        @Option(names = "--ptt", defaultValue = "4000") int ptt;
        @Option(names = "--seed", defaultValue = "2021") long seed;

        @Override
        public Integer call() throws IOException {
            Files.createDirectories(out);
            SyntheticRegency regency = new SyntheticRegency(seed);
            regency.writeUnits(out.resolve("unit.csv"));
            regency.writeStaff(out.resolve("pegawai.csv"), pns, pppk, ptt, false);
            spec.commandLine().getOut().printf("Wrote %s and %s (%,d staff)%n", out.resolve("unit.csv"),
                    out.resolve("pegawai.csv"), pns + pppk + ptt);
            return ExitCodes.OK;
        }
    }
}
