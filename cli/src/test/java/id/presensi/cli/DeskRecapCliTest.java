package id.presensi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk's recap downloads are the bytes of {@code presensi report monthly} for the same scope, run by the same
 * operator: both come from one core use case, so what an admin downloads is what the BKPSDM's shell writes.
 */
class DeskRecapCliTest extends CliTest {
    static final String SRI = "198503152010012001";
    static final String BUDI = "198001012005011003";
    static final String ANDI = "199002282015121002";

    @TempDir
    Path dir;
    private CheckInServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void two_agencies_with_a_reconciled_august() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('RSUD', 'RSUD Panglima Sebaya')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Wahyuni', id FROM unit WHERE code = 'DINKES'", SRI);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Santoso', id FROM unit WHERE code = 'PKM-1'", BUDI);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Rahman', id FROM unit WHERE code = 'RSUD'", ANDI);
            h.execute("INSERT INTO holiday VALUES ('2026-08-17', 'Hari Kemerdekaan RI', 'LIBUR_NASIONAL')");
            h.execute("INSERT INTO leave (employee_id, date_from, date_to, type) SELECT id, '2026-08-10', '2026-08-11', 'CT' FROM employee WHERE nip = ?", SRI);
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        Path punches = dir.resolve("fp.csv");
        Files.writeString(punches, "NIP,WAKTU,JENIS,MESIN\n" + SRI + ",2026-08-03 07:45,IN,FP\n" + SRI + ",2026-08-03 16:00,OUT,FP\n"
                + BUDI + ",2026-08-04 07:20,IN,FP\n" + ANDI + ",2026-08-05 07:10,IN,FP\n" + ANDI + ",2026-08-05 16:10,OUT,FP\n");
        ok("punch", "import", punches.toString());
        ok("reconcile", "--from", "2026-08-01", "--to", "2026-08-31");
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void an_opd_admins_downloads_are_the_bytes_the_command_writes_for_their_unit() throws Exception {
        String admin = "dinkes.desk" + uniqueSuffix();
        String password = addOperator(admin, "--role", "opd-admin", "--unit", "DINKES");
        signIn(Map.of(admin, password));
        for (String extension : new String[] {"xlsx", "csv"}) {
            Path file = dir.resolve("rekap." + extension);
            ok("report", "monthly", "--month", "2026-08", "--unit", "DINKES", "--out", file.toString(), "--db-user", admin);
            byte[] downloaded = download(admin, password, "/admin/api/recap." + extension + "?month=2026-08&unit=DINKES");
            assertThat(downloaded).as(extension).isEqualTo(Files.readAllBytes(file));
        }
        String csv = new String(Files.readAllBytes(dir.resolve("rekap.csv")), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains(SRI).contains(BUDI).doesNotContain(ANDI);
    }

    @Test
    void a_bkpsdm_operators_download_of_every_unit_is_the_bytes_of_the_command_without_a_unit() throws Exception {
        String operator = "bkpsdm.desk" + uniqueSuffix();
        String password = addOperator(operator, "--role", "bkpsdm");
        signIn(Map.of(operator, password));
        Path file = dir.resolve("semua.xlsx");
        ok("report", "monthly", "--month", "2026-08", "--out", file.toString(), "--db-user", operator);
        assertThat(download(operator, password, "/admin/api/recap.xlsx?month=2026-08")).isEqualTo(Files.readAllBytes(file));
    }

    private byte[] download(String name, String password, String path) throws Exception {
        var signIn = http.send(HttpRequest.newBuilder(uri("/admin/api/signin")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("name", name, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var response = http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
