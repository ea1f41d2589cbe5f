package id.presensi.server;

import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The check-in page in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs)
 * against the real server and the embedded PostgreSQL, with an emulated position and a 320 px wide screen.
 */
class CheckInPageChromiumTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = PageFixture.CLERK;
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final TestDatabase db = TestDatabase.get();
    private final SettableClock clock = new SettableClock(LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant());
    private CheckInServer server;
    private ChromeDriver browser;

    @BeforeEach
    void a_clerk_with_an_activation_code_and_a_browser() {
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "Chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it");
        PageFixture.clerkAtTheOffice(db);
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=320,720");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions", List.of("geolocation")));
        position(-1.90865, 116.19785, 12);
    }

    @AfterEach
    void close() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_phone_activates_and_checks_in_with_its_position() throws Exception {
        activate();

        assertThat(text("who")).isEqualTo("Andi Staf \u2014 BKPSDM");
        assertThat(text("today")).contains("Jam kerja: 07.30\u201316.00 WITA").contains("Presensi masuk 07.00\u201308.00");
        assertThat(browser.findElement(By.id("punch")).getText()).isEqualTo("Presensi Masuk");
        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(text("result")).isEqualTo("Presensi masuk diterima pukul 07.15 WITA.");
        waitFor(() -> text("history").contains("Masuk 07.15 — diterima"));
        assertThat(text("clock")).isEqualTo("07.15"); // the server's clock, not the phone's
        Files.write(Path.of("target", "check-in-page-chromium.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void far_from_the_office_the_page_says_how_far_in_indonesian() {
        activate();
        position(-1.9086, 116.2086, 12);

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Anda berada"));
        assertThat(text("result")).isEqualTo("Anda berada 1,2 km dari lokasi kerja terdekat (batas 100 m).");
    }

    @Test
    void offline_the_check_in_waits_on_the_phone_and_is_sent_once_when_the_network_is_back() {
        activate();
        browser.executeCdpCommand("Network.enable", Map.of());
        network(true);

        browser.findElement(By.id("punch")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        network(false);

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void when_location_is_denied_the_page_says_how_to_allow_it() {
        activate();
        browser.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", "geolocation"), "setting", "denied",
                "origin", base()));

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Izin lokasi ditolak"));
        assertThat(text("result")).contains("Izin > Lokasi > Izinkan");
        assertThat(browser.findElement(By.id("punch")).isEnabled()).isTrue();
    }

    @Test
    void a_double_tap_stores_one_check_in() {
        activate();
        WebElement button = browser.findElement(By.id("punch"));

        new Actions(browser).doubleClick(button).perform();

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        waitFor(() -> text("history").contains("diterima"));
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void the_page_weighs_at_most_100_kb_in_at_most_5_requests() {
        browser.get(base());
        waitFor(() -> browser.findElement(By.id("activate")).isDisplayed());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) browser.executeScript("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .map(function (e) { return { name: e.name, size: e.decodedBodySize }; });""");
        long bytes = entries.stream().mapToLong(e -> ((Number) e.get("size")).longValue()).sum();

        System.out.printf("check-in page, first load: %d requests, %,d bytes uncompressed (%s)%n", entries.size(), bytes,
                entries.stream().map(e -> e.get("name").toString().replaceAll(".*/", "/")).toList());
        assertThat(entries.size()).isLessThanOrEqualTo(5);
        assertThat(bytes).isLessThanOrEqualTo(100 * 1024);
    }

    @Test
    void a_wrong_code_is_refused_with_a_message() {
        browser.get(base());
        browser.findElement(By.id("employee")).sendKeys(CLERK);
        browser.findElement(By.id("code")).sendKeys("SALAH234");
        browser.findElement(By.id("activate-button")).click();

        waitFor(() -> text("result").contains("kode aktivasi salah"));
    }

    private void activate() {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), CLERK, Duration.ofHours(72), "admin").code());
        browser.get(base());
        browser.findElement(By.id("employee")).sendKeys(CLERK);
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("activate-button")).click();
        waitFor(() -> browser.findElement(By.id("checkin")).isDisplayed() && !text("who").isEmpty());
    }

    private void position(double latitude, double longitude, double accuracy) {
        browser.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", latitude, "longitude", longitude, "accuracy", accuracy));
    }

    private void network(boolean offline) {
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    private String text(String id) {
        WebElement element = browser.findElement(By.id(id));
        return element.getText().strip();
    }

    private void waitFor(BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> condition.getAsBoolean());
    }

    private String base() {
        return "http://127.0.0.1:" + server.port() + "/";
    }
}
