package id.presensi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the real command line in-process against the test JVM's embedded PostgreSQL. */
class PresensiCliTest extends CliTest {
    @TempDir
    Path dir;

    @BeforeEach
    void empty_database() {
        db.reset();
    }

    @Test
    void staff_import_prints_a_json_summary_with_the_counts_and_each_reject_with_its_reason_and_exits_3_on_rejects() throws IOException {
        run("unit", "import", write("unit.csv", "KODE_UNIT;NAMA_UNIT;KODE_INDUK;ZONA_WAKTU\nRSUD;RSUD Panglima Sebaya;;WITA\n"));
        String staff = write("pegawai.csv", "NIP,NIK,NAMA,JENIS,KODE_UNIT\n198503152010011001,,Budi,PNS,RSUD\n"
                + "198503152010011002,,Ani,PNS,NOWHERE\n");
        Path rejects = dir.resolve("ditolak.csv");
        out.getBuffer().setLength(0);

        int exit = run("staff", "import", staff, "--json", "--rejects", rejects.toString());

        assertThat(exit).isEqualTo(ExitCodes.REJECTED);
        Map<String, Object> summary = json(out.toString());
        assertThat(summary.keySet()).containsExactly("read", "inserted", "updated", "unchanged", "rejected", "rejects");
        assertThat(summary).containsEntry("read", 2).containsEntry("inserted", 1).containsEntry("rejected", 1)
;
        assertThat(summary.get("rejects").toString()).startsWith("[{").contains("row=3").contains("field=KODE_UNIT")
                .contains("reason=unit NOWHERE does not exist");
        assertThat(Files.readString(rejects)).contains("NOWHERE").contains("KODE_UNIT: unit NOWHERE does not exist");

        out.getBuffer().setLength(0);
        assertThat(run("staff", "import", staff, "--json")).isEqualTo(ExitCodes.REJECTED);
        assertThat(json(out.toString()))
                .containsEntry("unchanged", 1).containsEntry("inserted", 0).containsEntry("updated", 0);
    }

    @Test
    void a_clean_import_exits_0_and_the_staff_can_be_listed_and_shown() throws IOException {
        run("unit", "import", write("unit.csv", "KODE_UNIT,NAMA_UNIT,KODE_INDUK\nDINKES,Dinas Kesehatan,\nPKM-1,Puskesmas Kuaro,DINKES\n"));

        int exit = run("staff", "import", write("pegawai.csv", "NIK,NAMA,JENIS,KODE_UNIT\n6401015503950002,Rina,PTT,PKM-1\n").toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("inserted 1");
        out.getBuffer().setLength(0);
        assertThat(run("staff", "list", "--unit", "DINKES", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"nik\" : \"6401015503950002\"").contains("\"unitCode\" : \"PKM-1\"")
                .contains("\"workPattern\" : \"REGULER\""); // as the table and the file say, not the column's REGULAR
        out.getBuffer().setLength(0);
        assertThat(run("staff", "show", "6401015503950002")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Rina").contains("Puskesmas Kuaro");
    }

    @Test
    void bkpsdm_marks_which_units_are_opds_and_unit_list_shows_the_marks() throws IOException {
        run("unit", "import", write("unit.csv", "KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nDINSOS,Dinas Sosial,,YA\n"
                + "BID-RS,Bidang Rehabilitasi Sosial,DINSOS,\n"));
        out.getBuffer().setLength(0);
        assertThat(run("unit", "list")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("OPD").containsPattern("BID-RS .* YA ").containsPattern("DINSOS .* YA ");

        out.getBuffer().setLength(0);
        assertThat(run("unit", "set", "bid-rs", "--opd", "tidak")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("BID-RS is not an OPD.");
        assertThat(run("unit", "set", "BID-RS", "--opd", "maybe")).isNotEqualTo(ExitCodes.OK);
        out.getBuffer().setLength(0);
        assertThat(run("unit", "list", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("\"code\" : \"BID-RS\"").containsPattern("\"BID-RS\"[^}]*\"opd\" : false")
                .containsPattern("\"DINSOS\"[^}]*\"opd\" : true");
    }

    @Test
    void an_opd_mark_the_unit_file_changes_is_audited_in_the_operator_s_name_with_the_command() throws IOException {
        run("unit", "import", write("unit.csv", "KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nDINSOS,Dinas Sosial,,YA\nBID-RS,Bidang Rehsos,DINSOS,YA\n"));

        assertThat(run("unit", "import", write("unit2.csv", "KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nBID-RS,Bidang Rehsos,DINSOS,TIDAK\n"),
                "--operator", "rina.bkpsdm")).isEqualTo(ExitCodes.OK);

        String audited = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT operator || ' | ' || command || ' | ' || entity_key || ' ' || after::text FROM audit_log WHERE entity = 'unit'")
                .mapTo(String.class).one());
        assertThat(audited).startsWith("rina.bkpsdm | presensi unit import ").contains("unit2.csv").endsWith(" | BID-RS {\"opd\": false}");
    }

    @Test
    void a_nik_in_the_nip_column_of_a_ptt_row_is_called_a_nik() throws IOException {
        run("unit", "import", write("unit.csv", "KODE_UNIT;NAMA_UNIT;KODE_INDUK;ZONA_WAKTU\nRSUD;RSUD Panglima Sebaya;;WITA\n"));
        out.getBuffer().setLength(0);
        assertThat(run("staff", "import", write("ptt.csv", "NIP,NIK,NAMA,JENIS,KODE_UNIT\n6401015503950002,,Rina,PTT,RSUD\n"), "--json"))
                .isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("this looks like a NIK").doesNotContain("JENIS should be PNS or PPPK");
    }

    @Test
    void the_top_level_help_gives_each_command_a_whole_sentence() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("and the PINs staff are enrolled under on them.")
                .contains("correction or reconciliation changes its days until BKPSDM reopens it.")
                .contains("TL/PSW bands by minutes, missing check-in/out");
    }

    @Test
    void staff_show_lists_the_transfers() throws IOException {
        run("unit", "import", write("unit.csv", "KODE_UNIT;NAMA_UNIT;KODE_INDUK;ZONA_WAKTU\nDINKES;Dinas Kesehatan;;WITA\nKEC-SPK;Kecamatan Sepaku;;WITA\n"));
        run("staff", "import", write("pegawai.csv", "NIP,NAMA,JENIS,KODE_UNIT\n198503152010011001,Budi,PNS,DINKES\n"));
        ok("staff", "move", "198503152010011001", "--to", "KEC-SPK", "--from", "2026-11-16");
        out.getBuffer().setLength(0);
        ok("staff", "show", "198503152010011001");
        assertThat(out.toString()).contains("MUTASI     DINKES -> KEC-SPK from 2026-11-16");
    }

    @Test
    void completion_offers_the_words_of_reason_type_and_role() {
        var cli = Presensi.commandLine();
        java.io.StringWriter script = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(script, true));
        assertThat(cli.execute("completion")).isEqualTo(ExitCodes.OK);
        // picocli writes each option's candidates as a bash array its completion reads
        assertThat(script.toString()).contains("REASON_option_args=(\"PENSIUN\" \"MUTASI\"")
                .contains("type_option_args=(\"CT\" \"CS\"").contains("role_option_args=(\"bkpsdm\" \"opd-admin\")");
    }

    @Test
    void a_missing_file_fails_with_one_line_and_exit_1() {
        int exit = run("staff", "import", dir.resolve("nope.csv").toString());

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("presensi staff import: error:").contains("nope.csv: no such file");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void a_usage_error_exits_2() {
        assertThat(run("staff", "import")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void help_lists_every_command() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("unit").contains("staff").contains("db").contains("demo");
    }

    @Test
    void db_info_lists_the_applied_migrations() {
        assertThat(run("db", "info")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("units employees imports").contains("Success");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws IOException {
        return new ObjectMapper().readValue(text.strip(), Map.class);
    }

    private String write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }
}
