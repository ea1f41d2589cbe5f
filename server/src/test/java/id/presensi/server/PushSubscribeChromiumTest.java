package id.presensi.server;

import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Ingatkan saya" in a real Chromium: the switch subscribes through Chromium's own push service (FCM) and the server
 * keeps the subscription. It needs a route to fcm.googleapis.com (Chromium registers with it before it gives an
 * endpoint); without one the test says it is skipped and why. The server's side of the same flow (subscription,
 * encryption, VAPID, delivery) is tested without a browser in PushEndpointsTest and ReminderOutboxTest.
 */
class PushSubscribeChromiumTest {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String CLERK = "199002282015121002";

    private final TestDatabase db = TestDatabase.get();
    private CheckInServer server;
    private ChromeDriver chrome;

    @AfterEach
    void stop() throws InterruptedException {
        if (chrome != null) {
            chrome.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Why the browser cannot subscribe here, or empty when it can try. */
    static String unreachable() {
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return "Chromium is not installed (apt-get install chromium chromium-driver)";
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("fcm.googleapis.com", 443), 3_000);
            return "";
        } catch (IOException e) {
            return "this machine has no route to fcm.googleapis.com, Chromium's push service (" + e + "): a browser cannot "
                    + "get a push endpoint without it";
        }
    }

    @Test
    void the_switch_subscribes_through_chromiums_push_service_and_the_server_keeps_it() {
        String why = unreachable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why);
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit", CLERK);
        });
        db.officeHours("06:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0));
        String base = "http://127.0.0.1:" + server.port() + "/";
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=320,720");
        chrome = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        chrome.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("notifications")));
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), CLERK, Duration.ofHours(72), "admin").code());
        chrome.get(base);
        chrome.findElement(By.id("employee")).sendKeys(CLERK);
        chrome.findElement(By.id("code")).sendKeys(code);
        chrome.findElement(By.id("activate-button")).click();
        WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(60));
        wait.until(d -> d.findElement(By.id("remind")).isDisplayed());

        chrome.findElement(By.id("remind-on")).click();
        wait.until(d -> !d.findElement(By.id("remind-note")).getText().startsWith("Mengaktifkan"));

        assertThat(chrome.findElement(By.id("remind-note")).getText()).startsWith("Pengingat aktif");
        String endpoint = db.database().jdbi().withHandle(h -> h.createQuery("SELECT endpoint FROM push_subscription").mapTo(String.class).one());
        assertThat(endpoint).startsWith("https://fcm.googleapis.com/");
    }
}
