package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The desk in a real headless Chromium: an admin signs in, sees the board, and approves a request with a letter. */
class DeskPageChromiumTest extends DeskFixture {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private ChromeDriver chrome;

    @AfterEach
    void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    @Test
    void an_admin_signs_in_sees_the_board_and_approves_a_request_the_phone_then_shows() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "Chromium is not installed (apt-get install chromium chromium-driver)");
        long request = submitRequest(SRI, true);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900");
        chrome = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(15));

        chrome.get(uri("/admin").toString());
        wait.until(d -> d.findElement(By.id("signin")).isDisplayed());
        chrome.findElement(By.id("name")).sendKeys(dinkesAdmin);
        chrome.findElement(By.id("password")).sendKeys(PASSWORD);
        chrome.findElement(By.cssSelector("#signin-form button[type=submit]")).click();

        wait.until(d -> d.findElement(By.id("groups")).getText().contains("Sudah masuk"));
        String groups = chrome.findElement(By.id("groups")).getText();
        assertThat(groups).contains("2\nSudah masuk").contains("1\nTerlambat").contains("1\nBelum presensi").contains("1\nIzin, cuti, DL");
        assertThat(chrome.findElement(By.id("board")).getText()).contains("Budi Santoso").doesNotContain("Andi Rahman");
        Files.write(Path.of("target", "desk-board-chromium.png"), chrome.getScreenshotAs(OutputType.BYTES));

        chrome.findElement(By.cssSelector("nav button[data-tab=requests]")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#inbox input[value='" + request + "']")).isEmpty());
        chrome.findElement(By.cssSelector("#inbox tbody button")).click();
        wait.until(d -> d.findElement(By.id("letter")).isDisplayed());
        assertThat((Boolean) chrome.executeScript("return document.getElementById('letter-img').naturalWidth > 0")).as("the letter shows inline").isTrue();
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
