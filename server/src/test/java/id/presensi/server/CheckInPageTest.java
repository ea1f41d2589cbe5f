package id.presensi.server;

import id.presensi.store.AttendanceStore;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.SettableClock;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The check-in page in a real browser against the real server and the embedded PostgreSQL, at 07:15 WITA on a
 * Monday. Each engine says how it starts and how it gives the page a position; the tests every engine must
 * pass are here, and an engine's own (network emulation, permissions) stay in its class.
 */
abstract class CheckInPageTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = PageFixture.CLERK;
    static final double OFFICE_LAT = -1.90865;
    static final double OFFICE_LON = 116.19785;

    final TestDatabase db = TestDatabase.get();
    final SettableClock clock = new SettableClock(LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant());
    CheckInServer server;
    RemoteWebDriver browser;

    /** Empty when the engine can run here, else what to install. */
    abstract String missing();

    abstract RemoteWebDriver startBrowser() throws Exception;

    /** Where the phone is, as its GPS would say (accuracy 12 m). */
    abstract void position(double latitude, double longitude);

    /** Anything the engine started beside the browser (a driver, a display). */
    void stopEngine() {
    }

    @BeforeEach
    void a_clerk_at_the_office_and_a_browser() throws Exception {
        assumeTrue(missing().isEmpty(), missing() + "; .ci/run installs it");
        PageFixture.clerkAtTheOffice(db);
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock));
        browser = startBrowser();
    }

    @AfterEach
    void close() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        stopEngine();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void far_from_the_office_the_page_says_how_far_in_indonesian() {
        activate();
        position(-1.9086, 116.2086);

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Anda berada"));
        assertThat(text("result")).isEqualTo("Anda berada 1,2 km dari lokasi kerja terdekat (batas 100 m).");
    }

    @Test
    void a_double_tap_stores_one_check_in() {
        activate();
        position(OFFICE_LAT, OFFICE_LON);

        doubleTap(browser.findElement(By.id("punch")));

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        waitFor(() -> text("history").contains("diterima"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void where_the_unit_asks_for_a_selfie_the_page_takes_one_and_sends_it_small_with_the_check_in() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO selfie_policy (unit_id, required) SELECT id, true FROM unit WHERE code = 'BKPSDM'"));
        // the service looks for changed rules once a second (Caches); a page opened before that would not know yet,
        // as a real phone would not, and a fast engine activates within that second when this test runs first
        Thread.sleep(1_500);
        Path photo = Files.createTempFile("swafoto", ".jpg");
        ImageIO.write(cameraPhoto(1200, 1600), "jpeg", photo.toFile());
        activate();
        position(OFFICE_LAT, OFFICE_LON);

        browser.findElement(By.id("punch")).click();
        waitFor(() -> text("result").startsWith("Ambil swafoto"));
        browser.findElement(By.id("selfie")).sendKeys(photo.toString());

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        waitFor(() -> db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin_photo").mapTo(Long.class).one()) == 1);
        String stored = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT content_type || ' ' || (octet_length(bytes) <= 24 * 1024) FROM checkin_photo").mapTo(String.class).one());
        assertThat(Files.size(photo)).isGreaterThan(100_000);
        assertThat(stored).as("a camera's photo made a JPEG of at most 24 KB on the phone").isEqualTo("image/jpeg true");
    }

    @Test
    void riwayat_shows_each_day_as_attendance_list_gives_it_and_opens_again_from_the_phone_without_the_server() throws Exception {
        HistoryEndpointTest.reconcile(db, CLERK, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 11), HistoryEndpointTest::clerkDay);
        AttendanceStore.Listed late = new AttendanceStore(db.database().jdbi())
                .list(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 1), Optional.empty(), Optional.of(CLERK)).get(0);
        activate();

        browser.findElement(By.id("riwayat-open")).click();

        waitFor(() -> text("rw-fetched").equals("Data per 14/09 07.15"));
        assertThat(browser.findElement(By.cssSelector("#rw-2026-09-01 .code")).getText()).isEqualTo(String.join(" ", late.codes())).isEqualTo("TL1");
        assertThat(text("rw-2026-09-01")).contains("Sel 01/09", "07.45 \u2013 16.05", "terlambat 15 mnt", late.explanation());
        assertThat(text("rw-month")).contains("Potongan TPP September 2026 (sementara)", "Jumlah: 7 % \u2014 rincian 5 baris");
        assertThat(browser.findElement(By.cssSelector("#rw-month details")).getAttribute("textContent"))
                .contains("Sel 01/09: TL1: terlambat 15 menit \u2014 0,5 %");
        assertThat(text("rw-left")).isEqualTo("Sisa koreksi September 2026: 3 dari 3.");
        Files.write(Path.of("target", "riwayat-" + getClass().getSimpleName() + ".png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("riwayat-close")).click();
        serverDown();
        browser.findElement(By.id("riwayat-open")).click();

        waitFor(() -> text("rw-fetched").equals("Data per 14/09 07.15 \u2014 tanpa koneksi, riwayat terakhir yang tersimpan"));
        assertThat(browser.findElement(By.cssSelector("#rw-2026-09-01 .code")).getText()).isEqualTo("TL1");
        serverBack();
    }

    /** The regency's field, 1.2 km from the office: the Monday apel pagi is held there, 07:15-08:00. */
    static final double FIELD_LAT = -1.9000;
    static final double FIELD_LON = 116.2080;

    @Test
    void the_apel_button_appears_only_in_the_window_and_at_the_place() {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Lapangan Pemda', ?, ?, 150 FROM unit",
                    FIELD_LAT, FIELD_LON);
            h.execute("""
                    SELECT apel_put('Apel pagi', NULL, NULL, CAST(1 AS smallint), NULL, '07:15', '08:00', '{}',
                                    ARRAY(SELECT id FROM work_location WHERE name = 'Lapangan Pemda'), false, 'bkpsdm', 'test')""");
        });
        clock.set(LocalDateTime.of(2026, 9, 14, 7, 20).atZone(WITA).toInstant());
        activate();
        waitFor(() -> browser.findElement(By.id("apel-check")).isDisplayed());
        position(OFFICE_LAT, OFFICE_LON);
        browser.findElement(By.id("apel-check")).click();
        waitFor(() -> text("apel-where").equals("Anda belum berada di lokasi apel."));
        assertThat(text("apel-info")).isEqualTo("Apel hari ini: Apel pagi 07.15\u201308.00 di Lapangan Pemda.");
        assertThat(browser.findElement(By.id("apel-punch")).isDisplayed()).as("at the office, not at the field").isFalse();

        position(FIELD_LAT, FIELD_LON);
        browser.findElement(By.id("apel-check")).click();
        waitFor(() -> browser.findElement(By.id("apel-punch")).isDisplayed());
        assertThat(text("apel-punch")).isEqualTo("Presensi apel: Apel pagi");
        browser.findElement(By.id("apel-punch")).click();
        waitFor(() -> text("apel-result").startsWith("Presensi Apel pagi diterima"));
        assertThat(text("apel-result")).isEqualTo("Presensi Apel pagi diterima pukul 07.20 di Lapangan Pemda.");
        waitFor(() -> text("apel-info").contains("sudah presensi apel 07.20"));
        assertThat(browser.findElement(By.id("apel-punch")).isDisplayed()).as("attended: no second button").isFalse();
        long attended = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM apel_checkin WHERE accepted").mapTo(Long.class).one());
        assertThat(attended).isEqualTo(1);

        db.database().jdbi().useHandle(h -> h.execute("DELETE FROM apel_checkin"));
        clock.set(LocalDateTime.of(2026, 9, 14, 8, 5).atZone(WITA).toInstant());
        browser.navigate().refresh();
        position(FIELD_LAT, FIELD_LON);
        waitFor(() -> text("apel-info").startsWith("Apel hari ini: Apel pagi"));
        assertThat(browser.findElement(By.id("apel-punch")).isDisplayed()).as("at the field after the window").isFalse();
        assertThat(browser.findElement(By.id("apel-check")).isDisplayed()).as("nothing to check once the window is closed").isFalse();
    }

    /** Something like a photo: light and shade, and shapes with edges (a flat picture would shrink too easily). */
    private static BufferedImage cameraPhoto(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(190, 150, 120), width, height, new Color(40, 60, 90)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(120), 10 + random.nextInt(120));
        }
        g.dispose();
        return image;
    }

    /** Two taps as fast as the engine's driver can send them. */
    void doubleTap(WebElement button) {
        button.click();
        button.click();
    }

    /** Activates the clerk's phone with a fresh code and waits for the page to greet them. */
    void activate() {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), CLERK, Duration.ofHours(72), "admin").code());
        browser.get(base());
        browser.findElement(By.id("employee")).sendKeys(CLERK);
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("activate-button")).click();
        waitFor(() -> text("who").equals("Andi Staf \u2014 BKPSDM"));
    }

    long rows() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
    }

    String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    void waitFor(BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> condition.getAsBoolean());
    }

    private int downPort;

    /** No signal at all: the server stops, and nothing answers on its port until {@link #serverBack()}. */
    void serverDown() throws InterruptedException {
        downPort = server.port();
        server.close();
    }

    void serverBack() {
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", downPort).withClock(clock));
    }

    String base() {
        return "http://127.0.0.1:" + server.port() + "/";
    }
}
