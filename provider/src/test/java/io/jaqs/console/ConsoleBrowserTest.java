package io.jaqs.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerConfig;
import io.jaqs.broker.JaqsBroker;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.jdbc.JdbcQueueStore;
import io.jaqs.broker.store.Durability;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in Debian's headless chromium (chromium and chromium-driver; -Pbrowser): the page
 * loads, a queue's count changes after a send, the admin redrives a dead-letter queue with the
 * button and purges with confirmation. Screenshots under target/console-*.png.
 */
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private JaqsBroker broker;
    private JaqsConsole console;
    private WebDriver driver;

    @BeforeEach
    void start() {
        // the real clock: the page polls every 2 s and the console's counts are at most 2 s old
        broker = new JaqsBroker(JdbcQueueStore.open("jdbc:h2:file:" + dir.resolve("console").toAbsolutePath(), null, null,
                Durability.PROCESS, 2), BrokerConfig.withClock(Clock.systemUTC()));
        console = JaqsConsole.start(broker, new InetSocketAddress("127.0.0.1", 0), "admin", "secret");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("jaqs.test.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1300,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("jaqs.test.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (console != null) {
                console.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    private WebElement cell(String queue, String cls) {
        return driver.findElement(By.cssSelector("tr[data-queue='" + queue + "'] ." + cls));
    }

    private void waitForText(String queue, String cls, String text) {
        new WebDriverWait(driver, WAIT).until(d -> text.equals(cell(queue, cls).getText()));
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of("target", "console-" + name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void countsFollowSendsAndTheAdminRedrivesAndPurgesWithTheButtons() throws Exception {
        broker.createQueue("orders-dlq", Map.of());
        broker.createQueue("orders", Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq\",\"maxReceiveCount\":\"1\"}"));
        broker.createQueue("invoices", Map.of());

        driver.get("http://127.0.0.1:" + console.port() + "/");
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-queue='orders']")));
        waitForText("orders", "visible", "0");
        assertTrue(driver.findElement(By.cssSelector("tr[data-queue='orders-dlq'] button.redrive")).getAttribute("disabled") != null,
                "read-only before logging in");

        for (int i = 0; i < 3; i++) {
            broker.sendMessage("orders", SendMessageRequest.builder("order " + i).build());
        }
        broker.sendMessage("invoices", SendMessageRequest.builder("invoice 1").build());
        waitForText("orders", "visible", "3");
        waitForText("invoices", "visible", "1");

        // browse: bodies in the page
        driver.findElement(By.cssSelector("tr[data-queue='orders'] a.queue")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElements(By.cssSelector("#messages tbody tr")).size() == 3);
        assertEquals("order 0", driver.findElement(By.cssSelector("#messages tbody tr td.body")).getText());

        // three receives that time out: maxReceiveCount 1 sends them to the dead-letter queue on the next receive
        assertEquals(3, broker.receiveMessage("orders", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)
                .withVisibilityTimeoutSeconds(0)).size());
        assertEquals(0, broker.receiveMessage("orders", ReceiveMessageRequest.of(10).withWaitTimeSeconds(0)).size());
        waitForText("orders-dlq", "visible", "3");
        waitForText("orders", "visible", "0");
        screenshot("dlq");

        driver.findElement(By.id("login-user")).sendKeys("admin");
        driver.findElement(By.id("login-password")).sendKeys("secret");
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("mode")).getText().equals("admin"));
        WebElement redrive = driver.findElement(By.cssSelector("tr[data-queue='orders-dlq'] button.redrive"));
        new WebDriverWait(driver, WAIT).until(d -> redrive.isEnabled());
        redrive.click();
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("task-status")).getText().contains("COMPLETED — 3 of 3 moved"));
        waitForText("orders", "visible", "3");
        waitForText("orders-dlq", "visible", "0");
        screenshot("redriven");

        // purge asks first; dismissing it changes nothing, accepting it purges
        driver.findElement(By.cssSelector("tr[data-queue='invoices'] button.purge")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).dismiss();
        assertEquals(1, broker.queueSampleNow("invoices").visible());
        driver.findElement(By.cssSelector("tr[data-queue='invoices'] button.purge")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        waitForText("invoices", "visible", "0");
        assertEquals(0, broker.queueSampleNow("invoices").visible());
        screenshot("purged");
    }
}
