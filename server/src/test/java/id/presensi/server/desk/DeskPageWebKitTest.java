package id.presensi.server.desk;

import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The desk in WebKit, Safari's engine: WebKitGTK's MiniBrowser driven by WebKitWebDriver on an Xvfb display, started
 * as the check-in page's WebKit test starts it.
 */
class DeskPageWebKitTest extends DeskPageTest {
    static final Path DRIVER = Path.of("/usr/bin/WebKitWebDriver");

    private Process xvfb;
    private Process driver;

    @Override
    String missing() {
        return Files.isExecutable(DRIVER) && Files.isExecutable(Path.of("/usr/bin/Xvfb")) ? ""
                : "WebKitWebDriver or Xvfb is not installed (apt-get install webkit2gtk-driver xvfb)";
    }

    @Override
    String engine() {
        return "webkit";
    }

    @Override
    RemoteWebDriver startBrowser() throws Exception {
        // a display apart from the check-in page's test (90-98), should both run at once
        String display = ":" + (80 + (int) (ProcessHandle.current().pid() % 9));
        xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--host=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", display);
        driver = pb.start();
        waitForPort(port);
        MutableCapabilities capabilities = new MutableCapabilities();
        capabilities.setCapability("browserName", "MiniBrowser");
        capabilities.setCapability("webkitgtk:browserOptions", Map.of("binary", miniBrowser(), "args", List.of("--automation")));
        return new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), capabilities);
    }

    @Override
    void stopEngine() {
        if (driver != null) {
            driver.destroy();
        }
        if (xvfb != null) {
            xvfb.destroy();
        }
    }

    private static String miniBrowser() throws IOException {
        try (var dirs = Files.list(Path.of("/usr/lib/x86_64-linux-gnu"))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("webkit2gtk-4")).map(p -> p.resolve("MiniBrowser"))
                    .filter(Files::isExecutable).findFirst().orElseThrow().toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("WebKitWebDriver did not start on port " + port);
    }
}
