package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A closed month through the month end: the nightly job goes on around it, and its calendar stays as it was recapped. */
class ClosedMonthCliTest extends CliTest {
    static final String CLERK = "198503152010012001";

    @BeforeEach
    void an_office_with_a_clerk() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BAPPEDA', 'Bappeda')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Rina Tetap', id FROM unit", CLERK);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    @Test
    void skip_closed_reconciles_the_open_days_and_names_the_closed_ones_without_it_the_range_is_refused() {
        ok("reconcile", "--from", "2026-10-26", "--to", "2026-10-30");
        ok("month", "close", "2026-10");
        long octoberBefore = records("2026-10-01", "2026-10-31");

        assertThat(run("reconcile", "--from", "2026-10-26", "--to", "2026-11-03")).as("no flag: refused as before").isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("closed month(s) 2026-10");
        assertThat(records("2026-11-01", "2026-11-03")).isZero();

        out.getBuffer().setLength(0);
        ok("reconcile", "--from", "2026-10-26", "--to", "2026-11-03", "--skip-closed");
        assertThat(out.toString()).contains("Reconciled 2026-11-01..2026-11-03").contains("Skipped 2026-10-26..2026-10-31: month 2026-10 is closed");
        assertThat(records("2026-11-01", "2026-11-03")).as("the open days are done").isEqualTo(3);
        assertThat(records("2026-10-01", "2026-10-31")).as("the closed ones as they were").isEqualTo(octoberBefore);

        out.getBuffer().setLength(0);
        ok("reconcile", "--date", "2026-10-27", "--skip-closed");
        assertThat(out.toString()).contains("Nothing to reconcile");
    }

    /** The shipped nightly script's own commands, run against a home whose late-data window reaches into a closed month. */
    @Test
    void the_nightly_job_succeeds_the_week_after_a_month_is_closed() throws Exception {
        Path bin = Files.createTempDirectory("nightly");
        Path recorded = bin.resolve("commands");
        Path fake = bin.resolve("presensi");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" >> '" + recorded + "'\n");
        fake.toFile().setExecutable(true);
        Path script = Paths.get("..", "scripts", "cron", "presensi-nightly").toAbsolutePath().normalize();
        ProcessBuilder run = new ProcessBuilder("bash", script.toString());
        run.environment().put("PRESENSI_BIN", fake.toString());
        run.environment().put("PRESENSI_HOME", bin.toString());
        Process p = run.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        List<String> commands = Files.readAllLines(recorded);
        assertThat(commands).hasSize(2);

        // the month of the window's first day is closed, as it is for a week after each month end
        String firstDay = commands.get(1).replaceAll(".*--from (\\S+).*", "$1");
        ok("month", "close", firstDay.substring(0, 7));
        for (String command : commands) {
            List<String> args = new ArrayList<>(List.of(command.strip().split(" ")));
            out.getBuffer().setLength(0);
            assertThat(run(args.toArray(String[]::new))).as("presensi %s: %s", command, err).isEqualTo(ExitCodes.OK);
        }
    }

    @Test
    void a_regional_holiday_is_a_day_off_like_a_national_one() throws Exception {
        ok("calendar", "add", "2026-11-12", "--description", "HUT Kabupaten Penajam Paser Utara", "--kind", "libur daerah");
        ok("reconcile", "--from", "2026-11-09", "--to", "2026-11-13");
        out.getBuffer().setLength(0);
        ok("attendance", "list", "--from", "2026-11-12", "--to", "2026-11-12", "--json");
        assertThat(out.toString()).as("a day off, by the regional holiday").contains("\"LIBUR\"").contains("Libur: HUT Kabupaten");
        out.getBuffer().setLength(0);
        ok("calendar", "list", "--year", "2026");
        assertThat(out.toString()).contains("LIBUR_DAERAH").contains("HUT Kabupaten");

        Path file = Files.createTempFile("libur", ".csv");
        Files.writeString(file, "TANGGAL,KETERANGAN,JENIS\n2026-12-03,HUT Kota,LIBUR_DAERAH\n2026-12-04,HUT Kota (2),libur daerah\n");
        ok("calendar", "import", file.toString());
        assertThat(holidays("2026-12-01", "2026-12-31")).as("regional holidays from a file").isEqualTo(2);
    }

    @Test
    void a_closed_months_calendar_cannot_change() throws Exception {
        ok("calendar", "add", "2026-11-10", "--description", "Hari Pahlawan (contoh)");
        ok("calendar", "add", "2026-11-12", "--description", "Hari lain (contoh)");
        ok("month", "close", "2026-11");
        err.getBuffer().setLength(0);
        assertThat(run("calendar", "remove", "2026-11-10", "--yes")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).as("the preview names the closed month").contains("becomes a working day").contains("2026-11 is closed");
        assertThat(run("calendar", "remove", "2026-11-10")).as("refused before anything is asked").isEqualTo(ExitCodes.FAILED);
        assertThat(run("calendar", "add", "2026-11-20", "--description", "Tambahan")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("2026-11 is closed");
        assertThat(holidays("2026-11-01", "2026-11-30")).isEqualTo(2);
        String direct = db.database().jdbi().withHandle(h -> {
            try {
                h.execute("DELETE FROM holiday WHERE day = '2026-11-10'");
                return "deleted";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        });
        assertThat(direct).as("the database refuses it too, whoever asks").contains("closed");

        Path file = Files.createTempFile("libur", ".csv");
        Files.writeString(file, "TANGGAL,KETERANGAN,JENIS\n2026-11-10,Hari Pahlawan (contoh),LIBUR_NASIONAL\n"
                + "2026-11-25,Tambahan,LIBUR_NASIONAL\n2026-12-25,Hari Raya Natal,LIBUR_NASIONAL\n");
        out.getBuffer().setLength(0);
        assertThat(run("calendar", "import", file.toString())).as("the closed month's new day refused, the others kept")
                .isEqualTo(ExitCodes.REJECTED);
        assertThat(holidays("2026-11-01", "2026-11-30")).isEqualTo(2);
        assertThat(holidays("2026-12-01", "2026-12-31")).isEqualTo(1);
    }

    private long records(String from, String to) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM attendance WHERE work_date BETWEEN CAST(:f AS date) AND CAST(:t AS date)")
                .bind("f", from).bind("t", to).mapTo(Long.class).one());
    }

    private long holidays(String from, String to) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM holiday WHERE day BETWEEN CAST(:f AS date) AND CAST(:t AS date)")
                .bind("f", from).bind("t", to).mapTo(Long.class).one());
    }
}
