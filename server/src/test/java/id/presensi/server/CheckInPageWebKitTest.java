package id.presensi.server;

import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
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
 * The check-in page in WebKit, the engine of Safari on iOS: WebKitGTK's MiniBrowser driven by WebKitWebDriver
 * (Debian's webkit2gtk-driver) on an Xvfb display. WebDriver cannot emulate a position in WebKitGTK, so the
 * test gives the page one through navigator.geolocation before pressing the button.
 */
class CheckInPageWebKitTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final String CLERK = PageFixture.CLERK;
    static final Path DRIVER = Path.of("/usr/bin/WebKitWebDriver");

    private final TestDatabase db = TestDatabase.get();
    private final SettableClock clock = new SettableClock(LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant());
    private CheckInServer server;
    private Process xvfb;
    private Process driver;
    private RemoteWebDriver browser;

    @BeforeEach
    void a_clerk_a_display_and_webkit() throws Exception {
        assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(Path.of("/usr/bin/Xvfb")),
                "WebKitWebDriver or Xvfb is not installed (apt-get install webkit2gtk-driver xvfb); .ci/run installs them");
        PageFixture.clerkAtTheOffice(db);
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0).withClock(clock));
        String display = ":" + (90 + (int) (ProcessHandle.current().pid() % 9));
        xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--host=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", display);
        driver = pb.start();
        waitForPort(port);
        MutableCapabilities capabilities = new MutableCapabilities();
        capabilities.setCapability("browserName", "MiniBrowser");
        capabilities.setCapability("webkitgtk:browserOptions", Map.of("binary", miniBrowser(), "args", List.of("--automation")));
        browser = new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), capabilities);
    }

    @AfterEach
    void close() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (driver != null) {
            driver.destroy();
        }
        if (xvfb != null) {
            xvfb.destroy();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void safari_s_engine_activates_and_checks_in() throws Exception {
        activate();
        position(-1.90865, 116.19785);

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(text("result")).isEqualTo("Presensi masuk diterima pukul 07.15 WITA.");
        Files.write(Path.of("target", "check-in-page-webkit.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void a_refusal_is_shown_in_indonesian() {
        activate();
        position(-1.9086, 116.2086);

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Anda berada"));
        assertThat(text("result")).isEqualTo("Anda berada 1,2 km dari lokasi kerja terdekat (batas 100 m).");
    }

    @Test
    void a_check_in_made_while_the_server_is_down_completes_once_it_is_back() throws Exception {
        activate();
        position(-1.90865, 116.19785);
        int port = server.port();
        server.close();

        browser.findElement(By.id("punch")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", port).withClock(clock));

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void a_double_tap_stores_one_check_in() {
        activate();
        position(-1.90865, 116.19785);
        WebElement button = browser.findElement(By.id("punch"));

        button.click();
        button.click();

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        waitFor(() -> text("history").contains("diterima"));
        assertThat(rows()).isEqualTo(1);
    }

    private void activate() {
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), CLERK, Duration.ofHours(72), "admin").code());
        browser.get("http://127.0.0.1:" + server.port() + "/");
        browser.findElement(By.id("employee")).sendKeys(CLERK);
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("activate-button")).click();
        waitFor(() -> text("who").equals("Andi Staf \u2014 BKPSDM"));
    }

    /** WebDriver cannot emulate a position in WebKitGTK: the page is given one as a phone's GPS would. */
    private void position(double latitude, double longitude) {
        browser.executeScript("""
                var lat = arguments[0], lon = arguments[1];
                Object.defineProperty(navigator, 'geolocation', { configurable: true, value: {
                  getCurrentPosition: function (ok) { setTimeout(function () { ok({ coords: { latitude: lat, longitude: lon, accuracy: 12 } }); }, 50); } } });""",
                latitude, longitude);
    }

    private long rows() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM checkin").mapTo(Long.class).one());
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private void waitFor(BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> condition.getAsBoolean());
    }

    private static String miniBrowser() throws IOException {
        try (var dirs = Files.list(Path.of("/usr/lib/x86_64-linux-gnu"))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("webkit2gtk-4")).map(p -> p.resolve("MiniBrowser"))
                    .filter(Files::isExecutable).findFirst().orElseThrow().toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("WebKitWebDriver did not start on port " + port);
    }
}
