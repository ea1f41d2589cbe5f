package id.presensi.server.desk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Perangkat" and "Titip absen" in a real browser engine (Chromium, and WebKit for Safari) with the keyboard alone: sign
 * in, Tab to the section, Tab to a lost phone's "Cabut", read the preview, and confirm with Enter on the button the page puts the focus on; Tab to a signal's
 * "Periksa", type the note where the focus lands, and Enter marks it "sudah diperiksa".
 */
abstract class DeskOpsBrowserTest extends DeskFixture {
    private RemoteWebDriver browser;

    /** Why the engine cannot run here, or empty. */
    abstract String missing();

    abstract RemoteWebDriver startBrowser() throws Exception;

    /** Stops what the engine needed besides the driver's session. */
    void stopEngine() {
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        stopEngine();
    }

    @Test
    void an_admin_revokes_a_lost_phone_with_the_keyboard_alone() throws Exception {
        Assumptions.assumeTrue(missing().isEmpty(), missing());
        signInWithTheKeyboard();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        tabTo(e -> "devices".equals(e.getAttribute("data-tab")), "the Perangkat tab");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> d.findElement(By.id("device-list")).getText().contains("Budi Santoso"));
        assertThat(browser.findElement(By.id("device-list")).getText()).doesNotContain("Andi Rahman");
        assertThat(browser.findElement(By.id("machine-list")).isDisplayed()).isTrue();

        tabTo(e -> String.valueOf(e.getAttribute("aria-label")).equals("Cabut ponsel Budi Santoso (" + BUDI + ")"), "Budi's Cabut button");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> d.findElement(By.id("revoke-confirm")).isDisplayed());
        assertThat(browser.findElement(By.id("revoke-impact")).getText()).contains("Ponsel \"HP\" milik Budi Santoso");
        assertThat(activeId(browser)).as("the focus is on the confirmation").isEqualTo("revoke-yes");
        assertThat(activePhones(BUDI)).as("nothing happens before the confirmation").isEqualTo(1);

        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> d.findElement(By.id("device-result")).getText().equals("Ponsel " + BUDI + " dicabut."));
        assertThat(activePhones(BUDI)).isZero();
        wait.until(d -> !d.findElement(By.id("device-list")).getText().contains("Budi Santoso"));
    }

    @Test
    void an_admin_marks_a_signal_reviewed_with_the_keyboard_alone() throws Exception {
        Assumptions.assumeTrue(missing().isEmpty(), missing());
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                SELECT id, DATE '2026-09-14', 'ON_CENTRE', 1, 'Posisi tepat di titik pusat lokasi Kantor pukul 07.45.00 (2 kali dalam rentang ini).',
                       '{"points": [{"at": "07.45.00", "lat": -1.9086, "lon": 116.1978}]}' FROM employee WHERE nip IN (?, ?)""", BUDI, ANDI));
        signInWithTheKeyboard();
        tabTo(e -> "signals".equals(e.getAttribute("data-tab")), "the Titip absen tab");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(d -> d.findElement(By.id("signal-list")).getText().contains("Budi Santoso"));
        assertThat(browser.findElement(By.id("signal-list")).getText()).contains("Tepat di titik pusat lokasi").contains("07.45.00 (-1.9086, 116.1978)")
                .doesNotContain("Andi Rahman");

        tabTo(e -> String.valueOf(e.getAttribute("aria-label")).startsWith("Tandai sudah diperiksa: Tepat di titik pusat lokasi, Budi Santoso"),
                "Budi's Periksa button");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait.until(d -> "review-note".equals(activeId(d)));
        new Actions(browser).sendKeys("Lokasi diketik, sudah ditegur").sendKeys(Keys.ENTER).perform();
        wait.until(d -> d.findElement(By.id("signal-list")).getText().contains("Sudah diperiksa oleh " + dinkesAdmin));
        assertThat(browser.findElement(By.id("signal-list")).getText()).contains("Lokasi diketik, sudah ditegur");
        String reviewer = db.database().jdbi().withHandle(h -> h.createQuery("SELECT reviewed_by FROM anomaly_review").mapTo(String.class).one());
        assertThat(reviewer).isEqualTo(dinkesAdmin);
    }

    private void signInWithTheKeyboard() throws Exception {
        browser = startBrowser();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(uri("/admin").toString());
        wait.until(d -> "name".equals(d.switchTo().activeElement().getAttribute("id")));
        new Actions(browser).sendKeys(dinkesAdmin).sendKeys(Keys.TAB).sendKeys(PASSWORD).sendKeys(Keys.ENTER).perform();
        wait.until(d -> d.findElement(By.id("groups")).getText().contains("Sudah masuk"));
    }

    /** Presses Tab until the focused element is the one wanted; the focus order must reach it. */
    private void tabTo(Predicate<WebElement> wanted, String what) {
        for (int i = 0; i < 80; i++) {
            if (wanted.test(browser.switchTo().activeElement())) {
                return;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + what);
    }

    private static String activeId(WebDriver d) {
        return d.switchTo().activeElement().getAttribute("id");
    }

    private long activePhones(String key) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM device d JOIN employee e ON e.id = d.employee_id WHERE e.nip = :key AND d.retired_at IS NULL""")
                .bind("key", key).mapTo(Long.class).one());
    }
}
