package id.presensi.server;

import id.presensi.store.Audit;
import id.presensi.store.RequestStore;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The check-in page in WebKit, the engine of Safari on iOS: WebKitGTK's MiniBrowser driven by WebKitWebDriver
 * (Debian's webkit2gtk-driver) on an Xvfb display. WebDriver cannot emulate a position in WebKitGTK, so the
 * test gives the page one through navigator.geolocation before pressing the button.
 */
class CheckInPageWebKitTest extends CheckInPageTest {
    private WebKitSession webkit;

    @Override
    String missing() {
        return WebKitSession.missing();
    }

    @Override
    RemoteWebDriver startBrowser() throws Exception {
        webkit = WebKitSession.start(90, "1024x768x24");
        return webkit.browser();
    }

    @Override
    void stopEngine() {
        if (webkit != null) {
            webkit.close();
        }
    }

    /** WebDriver cannot emulate a position in WebKitGTK: the page is given one as a phone's GPS would. */
    @Override
    void position(double latitude, double longitude) {
        browser.executeScript("""
                var lat = arguments[0], lon = arguments[1];
                Object.defineProperty(navigator, 'geolocation', { configurable: true, value: {
                  getCurrentPosition: function (ok) { setTimeout(function () { ok({ coords: { latitude: lat, longitude: lon, accuracy: 12 } }); }, 50); } } });""",
                latitude, longitude);
    }

    @Test
    void safari_s_engine_activates_and_checks_in() throws Exception {
        activate();
        position(OFFICE_LAT, OFFICE_LON);

        browser.findElement(By.id("punch")).click();

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(text("result")).isEqualTo("Presensi masuk diterima pukul 07.15 WITA.");
        Files.write(Path.of("target", "check-in-page-webkit.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void a_check_in_made_while_the_server_is_down_completes_once_it_is_back() throws Exception {
        activate();
        position(OFFICE_LAT, OFFICE_LON);
        serverDown();

        browser.findElement(By.id("punch")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        serverBack();

        waitFor(() -> text("result").startsWith("Presensi masuk diterima"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void a_request_made_while_the_server_is_down_is_delivered_once_and_its_decision_shown() throws Exception {
        activate();
        browser.findElement(By.id("request-open")).click();
        new Select(browser.findElement(By.id("req-type"))).selectByValue("S");
        browser.executeScript("document.getElementById('req-date').value = '2026-09-14';");
        browser.findElement(By.id("req-reason")).sendKeys("demam sejak pagi");
        serverDown();

        browser.findElement(By.id("req-send")).click();
        waitFor(() -> text("result").startsWith("Menunggu koneksi"));
        serverBack();
        waitFor(() -> text("result").startsWith("Permohonan terkirim"));
        long id = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM request").mapTo(Long.class).one());

        db.database().jdbi().useTransaction(h -> new RequestStore(db.database().jdbi()).reject(h, new Audit("dinkes.admin", "request reject"),
                id, "lampirkan surat dokter"));
        browser.navigate().refresh();
        waitFor(() -> text("who").startsWith("Andi Staf"));
        browser.findElement(By.id("request-open")).click();
        waitFor(() -> text("req-list").contains("ditolak: lampirkan surat dokter"));
    }

    @Test
    void after_the_first_visit_safari_s_engine_opens_the_page_without_the_server() throws Exception {
        activate();
        boolean supported = Boolean.TRUE.equals(browser.executeScript("return 'serviceWorker' in navigator"));
        assumeTrue(supported, "this WebKitGTK build has no service workers; Chromium's test covers the offline page");
        waitFor(() -> Boolean.TRUE.equals(browser.executeScript("return !!navigator.serviceWorker.controller")));
        serverDown();

        browser.navigate().refresh();
        waitFor(() -> text("who").equals("Andi Staf \u2014 BKPSDM"));
    }
}
