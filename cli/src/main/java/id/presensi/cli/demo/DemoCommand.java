package id.presensi.cli.demo;

import id.presensi.cli.DatabaseOptions;
import id.presensi.cli.ExitCodes;
import id.presensi.cli.Presensi;
import id.presensi.db.Database;
import id.presensi.db.Directories;
import id.presensi.db.EmbeddedPostgres;
import id.presensi.files.PrivateFiles;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Presensi on a synthetic regency shaped like Kabupaten Paser (about 40 units, "
                + "4,630 PNS and PPPK, 4,000 PTT) in a fresh demo home, through the real commands.",
                "The demo home is $PRESENSI_HOME/demo (default ~/.presensi/demo); explore it afterwards with --home."},
        subcommands = DemoCommand.Generate.class)
public class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Demo home (default: $PRESENSI_HOME/demo).")
    Path home;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path demoHome = home != null ? home : new DatabaseOptions().home().resolve("demo");
        EmbeddedPostgres server = new EmbeddedPostgres(demoHome);
        server.stop(); // a fresh regency every time
        Directories.deleteRecursively(demoHome);
        Path files = PrivateFiles.folder(demoHome.resolve("files"));
        out.println("Presensi demo: Kabupaten Paser (synthetic), home " + demoHome);
        SyntheticRegency regency = new SyntheticRegency(2021);
        regency.writeUnits(files.resolve("unit.csv"));
        regency.writeStaff(files.resolve("pegawai.csv"), 3_900, 730, 4_000, true);
        out.println("1. Wrote the files an operator would import: " + files.resolve("unit.csv") + ", "
                + files.resolve("pegawai.csv") + " (with 3 rows carrying common mistakes)");
        out.flush();

        step(out, "1b. The regency's own name for every report", demoHome, "config", "set", "regency", "Kabupaten Paser");
        step(out, "1c. And the city written above signatures", demoHome, "config", "set", "city", "Tana Paser");
        step(out, "2. Import the units (OPD, puskesmas, kecamatan)", demoHome, "unit", "import", files.resolve("unit.csv").toString());
        step(out, "3. Import the staff; rejected rows go to pegawai-ditolak.csv", demoHome, "staff", "import",
                files.resolve("pegawai.csv").toString(), "--rejects", files.resolve("pegawai-ditolak.csv").toString());
        step(out, "4. Import the same file again: nothing changes", demoHome, "staff", "import",
                files.resolve("pegawai.csv").toString(), "--json");
        step(out, "5. Units and their staff counts", demoHome, "unit", "list");

        YearMonth month = YearMonth.now(TimeZones.DEFAULT);
        regency.writeLocations(files.resolve("lokasi.csv"));
        regency.writeSchedules(files.resolve("jadwal.csv"), month.getYear());
        regency.writeHolidays(files.resolve("libur.csv"), month.getYear());
        regency.writeShifts(files.resolve("shift.csv"));
        regency.writeRosterMatrix(files.resolve("jadwal-dinas-" + month + ".csv"), month);
        regency.writeLeave(files.resolve("cuti.csv"), month);
        out.println();
        out.println("6. Wrote the work rules an operator keeps: lokasi.csv, jadwal.csv, libur.csv, shift.csv, jadwal-dinas-"
                + month + ".csv (a matrix roster), cuti.csv");
        step(out, "7. Work locations of every unit", demoHome, "location", "import", files.resolve("lokasi.csv").toString());
        step(out, "8. Office hours: check-in 07:00-08:00, late after 07:30", demoHome, "policy", "schedule", "import",
                files.resolve("jadwal.csv").toString());
        step(out, "9. Work from home within 50 km for the first week of the month", demoHome, "policy", "wfh", "add",
                "WFH Pandemi", "--from", month.atDay(1).toString(), "--to", month.atDay(7).toString(), "--radius-km", "50");
        step(out, "10. This year's holidays", demoHome, "calendar", "import", files.resolve("libur.csv").toString());
        step(out, "11. Shifts P, S, M for RSUD, Damkar, Satpol PP, BPBD and the puskesmas", demoHome, "shift", "import",
                files.resolve("shift.csv").toString());
        step(out, "12. The month's roster, as the matrix hospitals keep", demoHome, "roster", "import",
                files.resolve("jadwal-dinas-" + month + ".csv").toString(), "--month", month.toString());
        step(out, "13. Leave", demoHome, "leave", "import", files.resolve("cuti.csv").toString());
        String nurse = regency.shiftWorkers().get(0); // rotation P P S S M M L L: night shift on the 5th and 6th
        step(out, "14. Why can (or can't) a nurse check out at 06:30 after a night shift?", demoHome, "policy", "explain", nurse,
                "--at", month.atDay(6) + " 06:30");
        step(out, "15. And an office worker at 07:45 during work from home?", demoHome, "policy", "explain",
                regency.officeWorkers().get(0), "--at", month.atDay(3) + " 07:45");
        step(out, "16. Activation codes for every employee, for the OPD admins to hand out", demoHome, "device", "enroll", "--all",
                "--out", files.resolve("kode-aktivasi.csv").toString());
        LocalDate morning = firstWorkingMondayAfterWfh(month);
        out.println();
        out.println("17. The morning of " + morning + " compressed: phones activate over HTTP, then check in minute by minute");
        out.flush();
        try (Database database = DatabaseOptions.ofHome(demoHome).open(24, Duration.ofSeconds(2))) {
            new MorningReplay().run(database, files.resolve("kode-aktivasi.csv"), morning, out);
        }
        machineDemo(out, demoHome, files, regency, morning);
        step(out, "18. Reconcile that day: one attendance record per employee", demoHome, "reconcile", "--date", morning.toString());
        Path recap = files.resolve("rekap-RSUD-" + month + ".xlsx");
        step(out, "19. The monthly recap of the RSUD, with TPP deductions, ready to print", demoHome, "report", "monthly",
                "--month", month.toString(), "--unit", "RSUD", "--out", recap.toString());
        operatorDemo(out, demoHome, regency);
        server.stop();
        out.println();
        out.println("Done. Look around with: scripts/presensi staff list --unit RSUD --home " + demoHome);
        out.flush();
        return ExitCodes.OK;
    }

    /** The RSUD's fingerprint machine: registered, its shift workers enrolled, its morning pushed over HTTP as machines do. */
    private void machineDemo(PrintWriter out, Path demoHome, Path files, SyntheticRegency regency, LocalDate morning) throws Exception {
        String serial = "AF4C211360651";
        step(out, "17b. The RSUD's fingerprint machine, by the serial number on its label", demoHome, "machine", "add", serial,
                "--unit", "RSUD", "--name", "Lobi IGD");
        List<String> nurses = regency.shiftWorkersOf("RSUD");
        Path pins = files.resolve("pin-mesin.csv");
        List<String> rows = new ArrayList<>(List.of("NIP;PIN;SERIAL"));
        for (int i = 0; i < nurses.size(); i++) {
            rows.add(nurses.get(i) + ";" + (i + 1) + ";" + serial);
        }
        PrivateFiles.writeString(pins, String.join("\n", rows) + "\n");
        step(out, "17c. Its users: the RSUD's shift workers under PINs 1 to " + nurses.size(), demoHome, "machine", "pin", "import",
                pins.toString());
        out.println();
        out.println("17d. The machine pushes its morning over HTTP (ZKTeco ADMS, /iclock/), and again as if it missed the answer");
        out.flush();
        try (Database database = DatabaseOptions.ofHome(demoHome).open(4, Duration.ofSeconds(2))) {
            SimulatedMachine.morning(database, serial, morning, nurses.size(), out);
        }
        step(out, "17e. Machines, their last contact, and punches under PINs nobody has yet", demoHome, "machine", "list");
    }

    /** An OPD admin for the RSUD, signing in as themselves: PostgreSQL shows them their staff and nobody else's. */
    private void operatorDemo(PrintWriter out, Path demoHome, SyntheticRegency regency) throws IOException {
        out.println();
        out.println("20. An admin for the RSUD:  presensi operator add rsud.admin --role opd-admin --unit RSUD");
        StringWriter captured = new StringWriter();
        CommandLine cmd = Presensi.commandLine();
        cmd.setOut(new PrintWriter(captured, true));
        cmd.setErr(spec.commandLine().getErr());
        if (cmd.execute("operator", "add", "rsud.admin", "--role", "opd-admin", "--unit", "RSUD", "--home", demoHome.toString()) != ExitCodes.OK) {
            throw new IllegalStateException("demo step failed: presensi operator add");
        }
        out.print(captured.toString().replaceAll("(?m)^Password.*$", "   (a generated password is shown once; the demo keeps it in "
                + demoHome.resolve(".pgpass") + ")"));
        Matcher password = Pattern.compile("privately\\): (\\S+)").matcher(captured.toString());
        if (!password.find()) {
            throw new IllegalStateException("no password in: " + captured);
        }
        Path pgpass = demoHome.resolve(".pgpass");
        PrivateFiles.writeString(pgpass, "127.0.0.1:*:presensi:rsud.admin:" + password.group(1) + "\n");
        System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        step(out, "21. Signed in as rsud.admin, the staff they can see, by unit: only the RSUD's", demoHome, "unit", "list", "--db-user", "rsud.admin");
        step(out, "22. ... and an employee of the BKPSDM is invisible to them", demoHome, "staff", "show",
                regency.officeWorkers().get(0), "--db-user", "rsud.admin");
    }

    /** A Monday after the work-from-home week, so the normal radii apply. */
    private static LocalDate firstWorkingMondayAfterWfh(YearMonth month) {
        LocalDate day = month.atDay(8);
        while (day.getDayOfWeek() != DayOfWeek.MONDAY) {
            day = day.plusDays(1);
        }
        return day;
    }

    private void step(PrintWriter out, String title, Path demoHome, String... args) {
        out.println();
        out.println(title + ":  presensi " + String.join(" ", args));
        out.flush();
        List<String> full = new ArrayList<>(List.of(args));
        full.add("--home");
        full.add(demoHome.toString());
        String[] line = full.toArray(String[]::new);
        CommandLine cmd = Presensi.commandLine(line);
        cmd.setOut(spec.commandLine().getOut());
        cmd.setErr(spec.commandLine().getErr());
        int exit = cmd.execute(line);
        out.println("   (exit code " + exit + ")");
        boolean refusalShown = title.contains("invisible");
        if (exit != ExitCodes.OK && exit != ExitCodes.REJECTED && !refusalShown) {
            throw new IllegalStateException("demo step failed: presensi " + String.join(" ", args));
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
            PrivateFiles.folder(out);
            SyntheticRegency regency = new SyntheticRegency(seed);
            regency.writeUnits(out.resolve("unit.csv"));
            regency.writeStaff(out.resolve("pegawai.csv"), pns, pppk, ptt, false);
            spec.commandLine().getOut().printf("Wrote %s and %s (%,d staff)%n", out.resolve("unit.csv"),
                    out.resolve("pegawai.csv"), pns + pppk + ptt);
            return ExitCodes.OK;
        }
    }
}
