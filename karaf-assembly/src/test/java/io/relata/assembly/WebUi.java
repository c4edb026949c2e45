package io.relata.assembly;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One booted distribution and one headless Chromium (Debian's, through its chromedriver) shared by every web UI
 * test class of the run: classes extend {@link BrowserTest} (or use {@code @ExtendWith(WebUi.Shared.class)} and
 * {@link #get()}). Each class
 * starts with {@link #open(String)}, which signs in as the admin when the app asks for it, and leaves the UI in
 * English when it switched the language. Screenshots go to {@code target/screenshots}, and to
 * {@code docs/screenshots} with {@code -Drelata.update.screenshots=true}.
 */
final class WebUi implements ExtensionContext.Store.CloseableResource {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    private static WebUi instance;

    final RelataServer server;
    final ChromeDriver browser;
    final WebDriverWait wait;

    private WebUi(RelataServer server, ChromeDriver browser) {
        this.server = server;
        this.browser = browser;
        this.wait = new WebDriverWait(browser, WAIT);
    }

    /** The shared server and browser; only inside a class extended with {@link Shared}. */
    static WebUi get() {
        if (instance == null) {
            throw new IllegalStateException("use @ExtendWith(WebUi.Shared.class)");
        }
        return instance;
    }

    /** Boots the distribution and the browser once per run (JUnit closes them at its end). */
    static final class Shared implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
            if (ci && !installed) {
                fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/run installs Debian's "
                        + "chromium and chromium-driver");
            }
            assumeTrue(installed, "Skipping the web UI tests: Chromium is not installed (apt-get install chromium "
                    + "chromium-driver); under CI=true they always run");
            instance = context.getRoot().getStore(ExtensionContext.Namespace.create(WebUi.class))
                    .getOrComputeIfAbsent("web-ui", key -> start(), WebUi.class);
        }
    }

    private static WebUi start() {
        RelataServer server = null;
        try {
            server = RelataServer.install("web", Map.of()).start();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,860", "--lang=en-US", "--force-device-scale-factor=1");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            browser.manage().timeouts().scriptTimeout(WAIT);
            return new WebUi(server, browser);
        } catch (Exception | Error e) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new IllegalStateException("the web UI test server did not start", e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            browser.quit();
        } finally {
            server.close();
        }
    }

    /**
     * Opens a route of the app ('/customers?q=x'), signing in as the admin when the app asks for it, in English
     * whatever language an earlier test left in the admin's profile.
     */
    void open(String route) {
        browser.get(server.uri("/#" + route).toString());
        wait.until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.name("username")),
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=logout]"))));
        if (browser.findElements(By.cssSelector("[data-testid=logout]")).isEmpty()) {
            signIn("admin", RelataServer.ADMIN_PASSWORD);
        }
        if (!"en".equals(browser.findElement(By.tagName("html")).getAttribute("lang"))) {
            new Select(browser.findElement(By.cssSelector("[data-testid=language]"))).selectByValue("en");
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        }
    }

    /** Fills in and submits the sign-in form, and waits for the shell. */
    void signIn(String username, String password) {
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        name.clear();
        name.sendKeys(username);
        WebElement secret = browser.findElement(By.name("password"));
        secret.clear();
        secret.sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=logout]")));
    }

    /** The navigation entry with this id ('core.customers', a plugin module's id). */
    WebElement navEntry(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-nav='" + id + "']")));
    }

    /** The element with this data-testid once it is visible. */
    WebElement visible(String testId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + testId + "']")));
    }

    /** Saves the whole page (up to 1400 px high) as target/screenshots/NAME.png (and docs/screenshots on request). */
    void screenshot(String name) throws IOException {
        wait.until(driver -> "complete".equals(browser.executeScript("return document.readyState")));
        Dimension size = browser.manage().window().getSize();
        Long height = (Long) browser.executeScript("window.scrollTo(0, 0); return document.documentElement.scrollHeight;");
        int chrome = size.getHeight() - ((Long) browser.executeScript("return window.innerHeight;")).intValue();
        browser.manage().window().setSize(new Dimension(size.getWidth(),
                (int) Math.min(1400, Math.max(size.getHeight(), height + chrome))));
        File shot;
        try {
            shot = browser.getScreenshotAs(OutputType.FILE);
        } finally {
            browser.manage().window().setSize(size);
        }
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("relata.update.screenshots") && System.getProperty("relata.root") != null) {
            Path docs = Path.of(System.getProperty("relata.root"), "docs", "screenshots", name + ".png");
            Files.createDirectories(docs.getParent());
            Files.copy(shot.toPath(), docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies the example plugin into deploy/ and waits until its REST resource answers. */
    void deployExamplePlugin() throws Exception {
        Path jar = Path.of(System.getProperty("relata.example.jar"));
        Path deploy = server.home.resolve("deploy");
        Path partial = deploy.resolve("relata-example-hello.jar.part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, deploy.resolve("relata-example-hello.jar"), StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.get("/api/v1/hello").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                fail("the example plugin did not start within a minute");
            }
            Thread.sleep(200);
        }
    }
}
