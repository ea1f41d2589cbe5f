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
}
