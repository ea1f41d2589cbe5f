package id.presensi.server;

import id.presensi.store.Audit;
import id.presensi.store.RequestStore;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check-in page in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs),
 * with an emulated position and a 320 px wide screen.
 */
class CheckInPageChromiumTest extends CheckInPageTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private ChromeDriver chrome;

    @Override
    String missing() {
        return Files.isExecutable(CHROMEDRIVER) ? "" : "Chromium is not installed (apt-get install chromium chromium-driver)";
    }

    @Override
    RemoteWebDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=320,720");
        chrome = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        chrome.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions", List.of("geolocation")));
        browser = chrome;
        position(OFFICE_LAT, OFFICE_LON);
        return chrome;
    }

    @Override
    void position(double latitude, double longitude) {
        chrome.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", latitude, "longitude", longitude, "accuracy", 12));
    }

    @Override
    void doubleTap(WebElement button) {
        new Actions(browser).doubleClick(button).perform();
    }

    @Test
    void releasing_the_phone_forgets_the_riwayat_and_the_answers_kept_for_offline() {
        HistoryEndpointTest.reconcile(db, CLERK, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 11), HistoryEndpointTest::clerkDay);
        activate();
        browser.findElement(By.id("riwayat-open")).click();
        waitFor(() -> text("rw-fetched").equals("Data per 14/09 07.15"));
        waitFor(() -> keptAnswers() > 0);
        browser.findElement(By.id("riwayat-close")).click();

        browser.findElement(By.id("forget")).click();
        browser.switchTo().alert().accept();

        waitFor(() -> browser.findElement(By.id("activate")).isDisplayed());
        waitFor(() -> keptAnswers() == 0);
        assertThat(chrome.executeScript("return localStorage.getItem('presensi.riwayat')")).isNull();
    }

    /** The server's answers the service worker keeps (the page's own files aside). */
    private long keptAnswers() {
        return ((Number) chrome.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                caches.keys().then(function (keys) {
                  return Promise.all(keys.map(function (k) { return caches.open(k).then(function (c) { return c.keys(); }); }));
                }).then(function (lists) {
                  var n = 0;
                  lists.forEach(function (l) { l.forEach(function (r) { if (r.url.indexOf('/api/') >= 0) { n++; } }); });
                  done(n);
                });""")).longValue();
    }

    @Test
    void a_phone_activates_and_checks_in_with_its_position() throws Exception {
        activate();

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
    void offline_the_check_in_waits_on_the_phone_and_is_sent_once_when_the_network_is_back() {
        activate();
        chrome.executeCdpCommand("Network.enable", Map.of());
        network(true);

        browser.findElement(By.id("punch")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        network(false);

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void when_location_is_denied_the_page_says_how_to_allow_it() {
        activate();
        chrome.executeCdpCommand("Browser.setPermission", Map.of("permission", Map.of("name", "geolocation"), "setting", "denied",
                "origin", base()));

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Izin lokasi ditolak"));
        assertThat(text("result")).contains("Izin > Lokasi > Izinkan");
        assertThat(browser.findElement(By.id("punch")).isEnabled()).isTrue();
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

        waitFor(this::controlledByServiceWorker);
        browser.navigate().refresh();
        waitFor(() -> browser.findElement(By.id("activate")).isDisplayed());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cached = (List<Map<String, Object>>) browser.executeScript("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                  .map(function (e) { return { name: e.name, network: e.transferSize }; });""");
        long overNetwork = cached.stream().mapToLong(e -> ((Number) e.get("network")).longValue()).sum();
        System.out.printf("check-in page, cached load: %d requests, %,d bytes over the network%n", cached.size(), overNetwork);
        assertThat(overNetwork).as("served by the service worker").isZero();
    }

    @Test
    void a_wrong_code_is_refused_with_a_message() {
        browser.get(base());
        browser.findElement(By.id("employee")).sendKeys(CLERK);
        browser.findElement(By.id("code")).sendKeys("SALAH234");
        browser.findElement(By.id("activate-button")).click();

        waitFor(() -> text("result").contains("kode aktivasi salah"));
    }

    @Test
    void after_the_first_visit_the_page_opens_without_the_server_and_its_check_in_goes_out_when_it_is_back() throws Exception {
        activate();
        waitFor(this::controlledByServiceWorker);
        serverDown();

        long started = System.nanoTime();
        browser.navigate().refresh();
        waitFor(() -> text("who").equals("Andi Staf \u2014 BKPSDM"));
        System.out.printf("check-in page opened without the server in %.0f ms (navigation %s ms)%n", (System.nanoTime() - started) / 1e6,
                browser.executeScript("return Math.round(performance.getEntriesByType('navigation')[0].duration)"));
        browser.findElement(By.id("punch")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        assertThat(rows()).isZero();

        serverBack();
        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(rows()).isEqualTo(1);
        waitFor(() -> browser.findElement(By.id("punch")).getText().startsWith("Sudah presensi masuk 07.15"));
        assertThat(browser.findElement(By.id("punch")).getText()).isEqualTo("Sudah presensi masuk 07.15 \u2014 presensi pulang mulai 16.00");
        assertThat(browser.findElement(By.id("punch")).isEnabled()).isFalse();
    }

    @Test
    void a_request_with_a_photo_made_offline_is_delivered_once_and_its_decision_shown() throws Exception {
        activate();
        waitFor(this::controlledByServiceWorker);
        browser.findElement(By.id("request-open")).click();
        new Select(browser.findElement(By.id("req-type"))).selectByValue("LUPA_PULANG");
        browser.executeScript("document.getElementById('req-date').value = '2026-09-11'; document.getElementById('req-time').value = '16:30';");
        browser.findElement(By.id("req-reason")).sendKeys("lupa menekan tombol pulang");
        Path photo = Files.createTempFile("surat", ".png");
        try (var icon = getClass().getResourceAsStream("/public/apple-touch-icon.png")) {
            Files.write(photo, icon.readAllBytes());
        }
        browser.findElement(By.id("req-photo")).sendKeys(photo.toString());
        serverDown();

        browser.findElement(By.id("req-send")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        serverBack();
        waitFor(() -> text("result").startsWith("Permohonan terkirim"));
        String stored = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) || '/' || (SELECT count(*) FROM request_attachment WHERE content_type = 'image/jpeg') FROM request")
                .mapTo(String.class).one());
        assertThat(stored).as("one request, its photo made a JPEG on the phone").isEqualTo("1/1");

        long id = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM request").mapTo(Long.class).one());
        db.database().jdbi().useTransaction(h -> new RequestStore(db.database().jdbi())
                .approve(h, new Audit("dinkes.admin", "request approve"), id, Optional.of("sudah dicek")));
        browser.navigate().refresh();
        waitFor(() -> text("who").startsWith("Andi Staf"));
        browser.findElement(By.id("request-open")).click();
        waitFor(() -> text("req-list").contains("disetujui: sudah dicek"));
        assertThat(text("req-list")).contains("lupa presensi pulang 2026-09-11");
    }

    private boolean controlledByServiceWorker() {
        return Boolean.TRUE.equals(browser.executeScript("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"));
    }

    private void network(boolean offline) {
        chrome.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }
}
