package id.presensi.server;

import id.presensi.request.ApprovalChain;
import id.presensi.request.ApprovalStep;
import id.presensi.request.RequestKind;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import id.presensi.store.RequestChainStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Persetujuan" in a real Chromium: the head, who is an employee with the page on his own phone, sees the request
 * waiting for his signature, approves it, and the requester's page shows the request approved, step by step, in the
 * requests list and in Riwayat. The request is made by the clerk's page through the same API the form uses.
 */
class ApprovalPageChromiumTest {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HEAD = "197001012000031001";

    private final TestDatabase db = TestDatabase.get();
    private final List<ChromeDriver> browsers = new java.util.ArrayList<>();
    private CheckInServer server;

    @AfterEach
    void stop() throws InterruptedException {
        browsers.forEach(ChromeDriver::quit);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_head_approves_from_persetujuan_and_the_requesters_page_shows_it() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "skipped: Chromium is not installed (apt-get install chromium chromium-driver)");
        PageFixture.clerkAtTheOffice(db);
        var owner = db.database().jdbi();
        owner.useHandle(h -> {
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Budi Kepala', id FROM unit", HEAD);
            h.execute("UPDATE unit SET head_employee_id = (SELECT id FROM employee WHERE nip = ?)", HEAD);
        });
        owner.useTransaction(h -> new RequestChainStore(owner).set(h, new Audit("rina.bkpsdm", "presensi request chain set"),
                new ApprovalChain("BKPSDM", RequestKind.I, 1, false, List.of(ApprovalStep.parse("HEAD:2wd")))));
        server = CheckInServer.start(db.database(), ServerSettings.defaults("127.0.0.1", 0));
        String base = "http://127.0.0.1:" + server.port() + "/";

        ChromeDriver clerk = browser(base, PageFixture.CLERK);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Makassar"));
        Object sent = clerk.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch('api/v1/requests', {method: 'POST', headers: {'Content-Type': 'application/json',
                    'Authorization': 'Bearer ' + localStorage.getItem(presensiPage.TOKEN)},
                    body: JSON.stringify({requestId: presensiPage.uuid(), type: 'I', reason: 'Mengantar anak berobat',
                                          dateFrom: arguments[0], dateTo: arguments[0]})})
                  .then(function (r) { done(r.status); }, function (e) { done(String(e)); });""", today.toString());
        assertThat(sent).isEqualTo(201L);
        long id = owner.withHandle(h -> h.createQuery("SELECT id FROM request").mapTo(Long.class).one());

        ChromeDriver head = browser(base, HEAD);
        // the lists are drawn again as answers arrive: an element found may be replaced before it is read
        WebDriverWait wait = (WebDriverWait) new WebDriverWait(head, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);
        wait.until(d -> d.findElement(By.id("approvals-open")).isDisplayed());
        assertThat(head.findElement(By.id("approvals-open")).getText()).isEqualTo("Persetujuan (1)");
        head.findElement(By.id("approvals-open")).click();
        wait.until(d -> {
            WebElement waiting = d.findElement(By.cssSelector("#ap-list li"));
            if (!(waiting.getText().contains("Andi Staf") && waiting.getText().contains("Mengantar anak berobat")
                    && waiting.getText().contains("1. Kepala (Budi Kepala): sedang diperiksa"))) {
                return false;
            }
            waiting.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Setujui")).findFirst().orElseThrow().click();
            return true;
        });
        wait.until(d -> d.findElement(By.id("ap-result")).getText().equals("Permohonan #" + id + " disetujui."));
        wait.until(d -> !d.findElement(By.id("approvals-open")).isDisplayed());
        String status = owner.withHandle(h -> h.createQuery("SELECT status FROM request").mapTo(String.class).one());
        assertThat(status).isEqualTo("APPROVED");

        WebDriverWait clerkWait = (WebDriverWait) new WebDriverWait(clerk, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);
        clerk.findElement(By.id("request-open")).click();
        String listed = clerkWait.until(d -> d.findElements(By.cssSelector("#req-list li")).stream()
                .map(WebElement::getText).filter(text -> text.contains("disetujui")).findFirst().orElse(null));
        assertThat(listed).contains(today.toString()).contains("1. Kepala (Budi Kepala): disetujui");
        clerk.navigate().refresh();
        clerkWait.until(d -> d.findElement(By.id("riwayat-open")).isDisplayed());
        clerk.findElement(By.id("riwayat-open")).click();
        String inRiwayat = clerkWait.until(d -> d.findElements(By.cssSelector("#rw-req li")).stream().map(WebElement::getText)
                .filter(text -> text.contains("disetujui")).findFirst().orElse(null));
        assertThat(inRiwayat).contains("disetujui").contains("1. Kepala (Budi Kepala): disetujui");
    }

    /** A phone of this employee: a fresh Chromium on the page, activated with a code the admin issued. */
    private ChromeDriver browser(String base, String nip) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=360,800");
        ChromeDriver chrome = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        browsers.add(chrome);
        String code = db.database().jdbi().inTransaction(h -> new DeviceStore(db.database().jdbi())
                .enroll(h, new Audit("admin", "test"), nip, Duration.ofHours(72), "admin").code());
        chrome.get(base);
        chrome.findElement(By.id("employee")).sendKeys(nip);
        chrome.findElement(By.id("code")).sendKeys(code);
        chrome.findElement(By.id("activate-button")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("request-open")).isDisplayed());
        return chrome;
    }
}
