package id.presensi.server.desk;

import id.presensi.server.WebKitSession;
import org.openqa.selenium.remote.RemoteWebDriver;

/** "Perangkat" and "Titip absen" with the keyboard alone, in WebKit (WebKitGTK's MiniBrowser on Xvfb, {@link WebKitSession}). */
class DeskOpsWebKitTest extends DeskOpsBrowserTest {
    private WebKitSession webkit;

    @Override
    String missing() {
        return WebKitSession.missing();
    }

    @Override
    RemoteWebDriver startBrowser() throws Exception {
        // displays apart from the desk page's (80-88) and the check-in page's (90-98) WebKit tests, should they run at once
        webkit = WebKitSession.start(70, "1280x900x24");
        return webkit.browser();
    }

    @Override
    void stopEngine() {
        if (webkit != null) {
            webkit.close();
        }
    }
}
