package id.presensi.server.desk;

import org.openqa.selenium.remote.RemoteWebDriver;

/** "Perangkat" and "Titip absen" with the keyboard alone, in a headless Chromium. */
class DeskOpsChromiumTest extends DeskOpsBrowserTest {

    @Override
    String missing() {
        return new DeskPageChromiumTest().missing();
    }

    @Override
    RemoteWebDriver startBrowser() {
        return DeskPageChromiumTest.chromium();
    }
}
