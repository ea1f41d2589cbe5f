package id.presensi.server;

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
 * WebKit, Safari's engine, for the browser tests: WebKitGTK's MiniBrowser driven by WebKitWebDriver (Debian's
 * webkit2gtk-driver) on an Xvfb display of its own. The check-in page's and the desk's tests start it the same way.
 */
public final class WebKitSession implements AutoCloseable {
    static final Path DRIVER = Path.of("/usr/bin/WebKitWebDriver");

    private final Process xvfb;
    private final Process driver;
    private final RemoteWebDriver browser;

    /**
     * @param firstDisplay the first of nine X displays this test may take (by process id), apart from other tests'
     * @param screen       the screen size, e.g. "1280x900x24"
     */
    private WebKitSession(int firstDisplay, String screen) throws Exception {
        String display = ":" + (firstDisplay + (int) (ProcessHandle.current().pid() % 9));
        xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", screen, "-nolisten", "tcp")
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
        browser = new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), capabilities);
    }

    public static WebKitSession start(int firstDisplay, String screen) throws Exception {
        return new WebKitSession(firstDisplay, screen);
    }

    /** Why WebKit cannot run here, or "" when it can. */
    public static String missing() {
        return Files.isExecutable(DRIVER) && Files.isExecutable(Path.of("/usr/bin/Xvfb")) ? ""
                : "WebKitWebDriver or Xvfb is not installed (apt-get install webkit2gtk-driver xvfb)";
    }

    public RemoteWebDriver browser() {
        return browser;
    }

    /** Stops the driver and the display (the browser itself is quit by the test's fixture). */
    @Override
    public void close() {
        driver.destroy();
        xvfb.destroy();
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
