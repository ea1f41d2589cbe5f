package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk in a real browser engine (Chromium, and WebKit for Safari): an admin signs in, sees the board, opens a
 * letter, and approves the request with the keyboard and mouse as a clerk would; the phone then shows it approved.
 */
abstract class DeskPageTest extends DeskFixture {
    RemoteWebDriver chrome;

    /** Why the engine cannot run here, or empty. */
    abstract String missing();

    abstract RemoteWebDriver startBrowser() throws Exception;

    /** Stops what the engine needed besides the driver's session. */
    void stopEngine() {
    }

    abstract String engine();

    @AfterEach
    void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
        stopEngine();
    }

    @Test
    void an_admin_signs_in_sees_the_board_and_approves_a_request_the_phone_then_shows() throws Exception {
        Assumptions.assumeTrue(missing().isEmpty(), missing());
        long request = submitRequest(SRI, true);
        chrome = startBrowser();
        WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(15));

        chrome.get(uri("/admin").toString());
        wait.until(d -> d.findElement(By.id("signin")).isDisplayed());
        // with the keyboard alone: the page puts the focus on the name, Tab goes to the password, Enter signs in
        wait.until(d -> "name".equals(d.switchTo().activeElement().getAttribute("id")));
        new Actions(chrome).sendKeys(dinkesAdmin).sendKeys(Keys.TAB).sendKeys(PASSWORD).sendKeys(Keys.ENTER).perform();

        wait.until(d -> d.findElement(By.id("groups")).getText().contains("Sudah masuk"));
        // engines lay the count and the label out differently as text: compared without white space
        String groups = chrome.findElement(By.id("groups")).getText().replaceAll("\\s+", "");
        assertThat(groups).contains("2Sudahmasuk").contains("1Terlambat").contains("1Belumpresensi").contains("1Izin,cuti,DL");
        assertThat(chrome.findElement(By.id("board")).getText()).contains("Budi Santoso").doesNotContain("Andi Rahman");
        Files.write(Path.of("target", "desk-board-" + engine() + ".png"), chrome.getScreenshotAs(OutputType.BYTES));

        chrome.findElement(By.cssSelector("nav button[data-tab=requests]")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#inbox input[value='" + request + "']")).isEmpty());
        chrome.findElement(By.cssSelector("#inbox tbody button")).click();
        wait.until(d -> d.findElement(By.id("letter")).isDisplayed());
        // the letter shows inline: the image arrives and is decoded
        wait.until(d -> Boolean.TRUE.equals(chrome.executeScript("var i = document.getElementById('letter-img'); return i.complete && i.naturalWidth > 0")));
        chrome.findElement(By.cssSelector("#inbox input[value='" + request + "']")).click();
        chrome.findElement(By.id("note")).sendKeys("Disetujui, semoga lekas sembuh");
        chrome.findElement(By.id("approve")).click();
        wait.until(d -> d.findElement(By.id("decide-result")).getText().startsWith("1 permohonan disetujui"));

        var phone = send(HttpRequest.newBuilder(uri("/api/v1/requests")).header("Authorization", "Bearer " + tokens.get(SRI)).GET());
        JsonNode mine = jsonOf(phone).get("requests").get(0);
        assertThat(mine.get("status").asText()).isEqualTo("APPROVED");
        assertThat(mine.get("note").asText()).isEqualTo("Disetujui, semoga lekas sembuh");
    }

    @Test
    void bkpsdm_closes_a_month_and_adds_an_opd_admin_whose_password_shows_once_and_an_admin_never_sees_the_tab() throws Exception {
        Assumptions.assumeTrue(missing().isEmpty(), missing());
        chrome = startBrowser();
        WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(15));
        chrome.get(uri("/admin").toString());
        wait.until(d -> "name".equals(d.switchTo().activeElement().getAttribute("id")));
        new Actions(chrome).sendKeys(dinkesAdmin).sendKeys(Keys.TAB).sendKeys(PASSWORD).sendKeys(Keys.ENTER).perform();
        wait.until(d -> d.findElement(By.id("groups")).getText().contains("Sudah masuk"));
        assertThat(chrome.findElement(By.cssSelector("nav button[data-tab=bkpsdm]")).isDisplayed()).as("an OPD admin's desk").isFalse();
        chrome.findElement(By.id("signout")).click();

        wait.until(d -> "name".equals(d.switchTo().activeElement().getAttribute("id")));
        // the name stays in its field after signing out, as browsers keep a typed name: typed over
        chrome.findElement(By.id("name")).clear();
        chrome.findElement(By.id("name")).sendKeys(bkpsdm);
        chrome.findElement(By.id("password")).sendKeys(PASSWORD, Keys.ENTER);
        wait.until(d -> d.findElement(By.cssSelector("nav button[data-tab=bkpsdm]")).isDisplayed());
        chrome.findElement(By.cssSelector("nav button[data-tab=bkpsdm]")).click();
        wait.until(d -> d.findElement(By.id("bk-units")).getText().contains("DINKES"));
        wait.until(d -> d.findElement(By.id("bk-operators")).getText().contains(rsudAdmin));
        Files.write(Path.of("target", "desk-bkpsdm-" + engine() + ".png"), chrome.getScreenshotAs(OutputType.BYTES));

        // a month field is typed differently by each engine: its value is set as a date picker would
        chrome.executeScript("document.getElementById('bk-month').value = '2026-08'");
        chrome.findElement(By.id("bk-close")).click();
        wait.until(d -> d.findElement(By.id("bk-result")).getText().equals("Bulan 2026-08 ditutup untuk seluruh kabupaten."));
        wait.until(d -> d.findElement(By.id("bk-months")).getText().contains(bkpsdm));

        String name = "kb.admin" + suffix;
        chrome.findElement(By.id("bk-op-name")).sendKeys(name);
        new org.openqa.selenium.support.ui.Select(chrome.findElement(By.id("bk-op-unit"))).selectByValue("RSUD");
        chrome.findElement(By.id("bk-op-name")).sendKeys(Keys.ENTER);
        wait.until(d -> d.findElement(By.id("bk-secret")).isDisplayed());
        String shown = chrome.findElement(By.id("bk-secret")).getText();
        assertThat(shown).startsWith("Kata sandi " + name + " (hanya tampil sekali");
        String password = shown.substring(shown.lastIndexOf(": ") + 2).strip();
        assertThat(signInRaw(name, password).statusCode()).as("the new admin signs in with the password shown").isEqualTo(200);
        wait.until(d -> d.findElement(By.id("bk-operators")).getText().contains(name));

        // from the regency's line to the unit's own board
        chrome.findElement(By.xpath("//table[@id='bk-units']//button[starts-with(normalize-space(.), 'RSUD')]")).click();
        // (the regency's board loaded at sign-in stays on the page until the unit's arrives)
        wait.until(d -> d.findElement(By.id("today")).isDisplayed() && d.findElement(By.id("board")).getText().contains("Andi Rahman")
                && !d.findElement(By.id("board")).getText().contains("Budi Santoso"));
        assertThat(new org.openqa.selenium.support.ui.Select(chrome.findElement(By.id("unit"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("RSUD");
    }
}
