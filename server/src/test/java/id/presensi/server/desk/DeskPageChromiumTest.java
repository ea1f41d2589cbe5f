package id.presensi.server.desk;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.nio.file.Files;
import java.nio.file.Path;

/** The desk in a headless Chromium (Debian's chromium and chromium-driver). */
class DeskPageChromiumTest extends DeskPageTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    String missing() {
        return Files.isExecutable(CHROMEDRIVER) ? "" : "Chromium is not installed (apt-get install chromium chromium-driver)";
    }

    @Override
    String engine() {
        return "chromium";
    }

    @Override
    RemoteWebDriver startBrowser() {
        return chromium();
    }

    /** A headless Chromium for the desk's browser tests. */
    static RemoteWebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }
}
