package id.presensi.server;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    }

    @Test
    void a_wrong_code_is_refused_with_a_message() {
        browser.get(base());
        browser.findElement(By.id("employee")).sendKeys(CLERK);
        browser.findElement(By.id("code")).sendKeys("SALAH234");
        browser.findElement(By.id("activate-button")).click();

        waitFor(() -> text("result").contains("kode aktivasi salah"));
    }

    private void network(boolean offline) {
        chrome.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }
}
