package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files as a hostile neighbour and a hostile name would meet them: every file a command writes is its owner's
 * only (0600), a link planted where it will be written is replaced and its target left alone, and a name typed as
 * a formula stays text in every CSV.
 */
class PrivateFilesCliTest extends CliTest {
    static final String CLERK = "199002282015121002";
    static final String HOSTILE = "199105052016011003";
    static final String HOSTILE_NAME = "-2+3+cmd|' /C calc'!A0";
    static final String VICTIM_TEXT = "ssh-ed25519 AAAA the admin's key\n";

    @TempDir
    Path dir;

    @BeforeEach
    void an_office_with_a_name_typed_as_a_formula() {
        db.reset();
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit", CLERK);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, ?, id FROM unit", HOSTILE, HOSTILE_NAME);
        });
    }

    /** A file someone else may not see changed, and a link to it where the command will write. */
    private Path plantedLink(String name) throws IOException {
        Path victim = dir.resolve("victim-" + name);
        Files.writeString(victim, VICTIM_TEXT);
        return Files.createSymbolicLink(dir.resolve(name), victim);
    }

    private void assertPrivateAndNotFollowed(Path written) throws IOException {
        assertThat(Files.isSymbolicLink(written)).as("%s: the link replaced", written).isFalse();
        assertThat(mode(written)).as("%s", written).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("victim-" + written.getFileName()))).as("the link's target untouched").isEqualTo(VICTIM_TEXT);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void the_activation_codes_file_is_private_and_a_formula_name_stays_text() throws IOException {
        Path codes = plantedLink("kode.csv");

        ok("device", "enroll", "--unit", "BKPSDM", "--out", codes.toString());

        assertPrivateAndNotFollowed(codes);
        String text = Files.readString(codes);
        assertThat(text).contains("'" + HOSTILE_NAME).doesNotContain(";" + HOSTILE_NAME)
                .as("the NIP's deliberate formula kept, so Excel keeps all 18 digits").contains("\"=\"\"" + CLERK + "\"\"\"");
    }

    @Test
    void rejects_are_private_and_a_rejected_cell_typed_as_a_formula_stays_text() throws IOException {
        Path staff = Files.writeString(dir.resolve("pegawai.csv"), "NIP,NIK,NAMA,JENIS,KODE_UNIT\n198503152010011002,,-1+1+cmd,PNS,NOWHERE\n");
        Path rejects = plantedLink("ditolak.csv");

        assertThat(run("staff", "import", staff.toString(), "--rejects", rejects.toString())).isEqualTo(ExitCodes.REJECTED);

        assertPrivateAndNotFollowed(rejects);
        assertThat(Files.readString(rejects)).contains(";'-1+1+cmd;").contains("unit NOWHERE does not exist");
    }

    @Test
    void the_recap_csv_and_the_daily_report_are_private_and_neutralised() throws IOException {
        ok("reconcile", "--from", "2026-09-14", "--to", "2026-09-15");
        Path recap = plantedLink("rekap.csv");
        ok("report", "monthly", "--month", "2026-09", "--out", recap.toString());
        assertPrivateAndNotFollowed(recap);
        assertThat(Files.readString(recap)).contains(";'" + HOSTILE_NAME + ";");

        Path workbook = plantedLink("rekap.xlsx");
        ok("report", "monthly", "--month", "2026-09", "--out", workbook.toString());
        assertPrivateAndNotFollowed(workbook);

        Path daily = plantedLink("harian.csv");
        ok("report", "daily", "--date", "2026-09-14", "--out", daily.toString());
        assertPrivateAndNotFollowed(daily);
        assertThat(Files.readString(daily)).contains(";'" + HOSTILE_NAME + ";");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left behind").noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void csv_listings_neutralise_names_and_tables_show_control_characters_as_marks() {
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO device (employee_id, name, token_hash)
                SELECT id, E'\\u001b[2JHP\\r\\nBKPSDM  FORGED LINE\\u202E', sha256(nip::bytea) FROM employee WHERE nip = ?""", CLERK));
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO device (employee_id, name, token_hash) SELECT id, '@SUM(1+1)', sha256(nip::bytea) FROM employee WHERE nip = ?""", HOSTILE));

        ok("device", "list");
        assertThat(out.toString()).as("an older row's name, written before names were cleaned, cannot act on the terminal")
                .doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u202E").contains("\uFFFD[2JHP\uFFFD\uFFFDBKPSDM");
        assertThat(out.toString().lines().filter(l -> l.contains("FORGED"))).hasSize(1).allMatch(l -> l.startsWith(CLERK));

        out.getBuffer().setLength(0);
        ok("device", "list", "--csv");
        assertThat(out.toString()).contains(";'" + HOSTILE_NAME + ";").contains(";'@SUM(1+1);");
    }

    @Test
    void the_home_is_its_owners_only_with_an_external_database_too() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path fresh = dir.resolve("fresh-home");
        signIn(java.util.Map.of(db.settings().user(), db.settings().password()));
        for (Path h : new Path[] {home, fresh}) {
            var cmd = Presensi.commandLine();
            cmd.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
            assertThat(cmd.execute("unit", "list", "--db", db.settings().url(), "--db-user", db.settings().user(), "--home", h.toString()))
                    .isEqualTo(ExitCodes.OK);
            assertThat(mode(h)).as("%s", h).isEqualTo("rwx------");
        }
        assertThat(mode(db.home())).as("the embedded database's home").isEqualTo("rwx------");
    }
}
