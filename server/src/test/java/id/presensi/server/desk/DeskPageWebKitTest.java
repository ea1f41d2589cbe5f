package id.presensi.server.desk;

import id.presensi.server.WebKitSession;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The desk in WebKit, Safari's engine: WebKitGTK's MiniBrowser driven by WebKitWebDriver on an Xvfb display
 * ({@link WebKitSession}, as the check-in page's WebKit test).
 */
class DeskPageWebKitTest extends DeskPageTest {
    private WebKitSession webkit;

    @Override
    String missing() {
        return WebKitSession.missing();
    }

    @Override
    String engine() {
        return "webkit";
    }

    @Override
    RemoteWebDriver startBrowser() throws Exception {
        // displays apart from the check-in page's test (90-98), should both run at once
        webkit = WebKitSession.start(80, "1280x900x24");
        return webkit.browser();
    }

    @Override
    void stopEngine() {
        if (webkit != null) {
            webkit.close();
        }
    }
}
