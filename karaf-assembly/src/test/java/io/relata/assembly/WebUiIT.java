package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The web UI shell in a real browser (see {@link WebUi}): serving, sign-in, a customer from creation to a logged
 * call, escaping, languages, plugin pages coming and going, phone width, session expiry, the license banner.
 */
class WebUiIT extends BrowserTest {

    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    private static String customerName;

    @Test
    @Order(1)
    void servesTheAppAtTheRootWithSecurityHeaders() {
        HttpResponse<String> index = server.anonymous(HttpRequest.newBuilder(server.uri("/")).GET());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("Referrer-Policy")).isPresent();
        assertThat(index.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(index.body()).doesNotContain("<script>").contains("type=\"module\"");

        Matcher script = Pattern.compile("src=\"(/ui/[0-9a-f]+/app\\.js)\"").matcher(index.body());
        assertThat(script.find()).as(index.body()).isTrue();
        HttpResponse<String> app = server.anonymous(HttpRequest.newBuilder(server.uri(script.group(1))).GET());
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(app.headers().firstValue("Cache-Control").orElse("")).contains("max-age=31536000").contains("immutable");
        assertThat(server.anonymous(HttpRequest.newBuilder(server.uri("/ui/x/../../etc/passwd")).GET()).statusCode())
                .isNotEqualTo(200);

        // the REST API is untouched, and paths outside it still answer Relata's problem, not the app
        HttpResponse<String> modules = server.anonymous(HttpRequest.newBuilder(server.uri("/api/v1/ui/modules")).GET());
        assertThat(modules.statusCode()).isEqualTo(401);
        for (String bare : List.of("/health", "/ui/modules", "/customers")) {
            HttpResponse<String> response = server.get(bare);
            assertThat(response.statusCode()).as(bare).isEqualTo(404);
            assertThat(response.body()).as(bare).doesNotContain("<!DOCTYPE html>");
        }
        assertThat(Json.body(server.get("/api/v1/health")).path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void signsInWithTheCsrfTokenInMemoryOnly() throws IOException {
        browser.manage().deleteAllCookies(); // another class may have signed in already
        browser.get(server.uri("/").toString());
        WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        assertThat(browser.switchTo().activeElement()).as("the username has the focus").isEqualTo(username);
        screenshot("login");
        // keyboard only: Tab moves on with a visible focus ring, Enter submits
        username.sendKeys("admin", Keys.TAB);
        WebElement password = browser.switchTo().activeElement();
        assertThat(password.getAttribute("name")).isEqualTo("password");
        assertThat(browser.executeScript("return getComputedStyle(document.activeElement).outlineStyle;"))
                .as("visible focus").isNotEqualTo("none");
        password.sendKeys("wrong-password-1", Keys.ENTER);
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-error]")));
        assertThat(error.getText()).contains("wrong");

        signIn();
        assertThat(navEntry("core.customers").getText()).isEqualTo("Customers");
        // web storage holds display preferences at most (chosen columns, a chart's period), never a credential
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = (Map<String, Object>) browser.executeScript(
                "return Object.assign({}, localStorage, sessionStorage);");
        assertThat(stored.keySet()).as("only display preferences in web storage")
                .allMatch(key -> key.startsWith("relata.customers.") || key.startsWith("relata.dashboard."));
        assertThat(String.valueOf(stored.values()).toLowerCase()).as("nothing secret in web storage")
                .doesNotContain("rlt_").doesNotContain("csrf").doesNotContain("token");
        assertThat(browser.manage().getCookieNamed("RELATA_SESSION").isHttpOnly()).isTrue();
        screenshot("home");
    }

    @Test
    @Order(3)
    void createsFindsAndOpensACustomer() throws IOException {
        customerName = "Northwind Web " + System.nanoTime();
        navEntry("core.customers").click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=new-customer]"))).click();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=customer-form]")));
        form.findElement(By.name("name")).sendKeys(customerName);
        form.findElement(By.name("email")).sendKeys("buyer@northwind.example");
        form.findElement(By.name("phone")).sendKeys("+86 21 5555 0101");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), customerName));

        navEntry("core.customers").click();
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=customer-search]")));
        search.sendKeys("northwind web");
        search.submit();
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText(customerName)));
        assertThat(browser.getCurrentUrl()).contains("q=northwind");
        screenshot("customers");
        link.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), customerName));
        assertThat(browser.findElement(By.cssSelector(".profile")).getText()).contains("buyer@northwind.example")
                .contains("Prospect");
    }

    @Test
    @Order(4)
    void logsACallShowingFieldErrorsAndSeesItOnTheTimeline() throws IOException {
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=call-form]")));
        WebElement duration = form.findElement(By.name("durationMinutes"));
        duration.sendKeys("-5");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement subjectError = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=call-form] [data-error-for=subject]")));
        assertThat(subjectError.getText()).contains("required");
        assertThat(form.findElement(By.name("subject")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(form.findElement(By.cssSelector("[data-error-for=durationMinutes]")).getText()).contains("between");

        duration.clear();
        duration.sendKeys("25");
        form.findElement(By.name("subject")).sendKeys("Pricing call");
        form.findElement(By.name("outcome")).sendKeys("Sends an offer");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=call-logged]")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=timeline]"),
                "Pricing call"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=timeline]")).getText()).contains("Sends an offer")
                .contains("Call");
        assertThat(form.findElement(By.cssSelector("[data-error-for=subject]")).isDisplayed()).isFalse();
        screenshot("customer");
    }

    @Test
    @Order(5)
    void userContentIsShownAsText() throws IOException {
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"" + XSS_NAME + "\",\"website\":\"javascript:alert(2)\"}")));
        assertThat(created.statusCode()).as(created.body()).isIn(201, 400);
        if (created.statusCode() == 400) { // a website that is refused: the name alone is enough
            created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers"))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"name\":\"" + XSS_NAME + "\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        browser.get(server.uri("/#/customers?q=onerror").toString());
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText(XSS_NAME)));
        assertThat(browser.findElements(By.cssSelector("[data-testid=customers] img"))).isEmpty();
        link.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), XSS_NAME));
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
        try {
            browser.switchTo().alert();
            fail("an alert opened: user content ran as script");
        } catch (NoAlertPresentException expected) {
            // text stayed text
        }
    }

    @Test
    @Order(6)
    void switchesToChineseWithTranslatedLabelsAndDates() throws IOException {
        browser.get(server.uri("/#/customers?q=northwind").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText(customerName)));
        new Select(browser.findElement(By.cssSelector("[data-testid=language]"))).selectByValue("zh-CN");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "客户"));
        assertThat(navEntry("core.home").getText()).isEqualTo("首页");
        assertThat(browser.findElement(By.cssSelector("[data-testid=logout]")).getText()).isEqualTo("退出登录");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.findElement(By.cssSelector("[data-testid=customers] tbody td")).getText()).isEqualTo("潜在客户");
        assertThat(browser.findElement(By.cssSelector("[data-testid=customers] tbody")).getText()).contains("年");
        screenshot("customers-zh-CN");
        assertThat(Json.body(server.get("/api/v1/me")).path("locale").asText())
                .as("the choice is kept in the profile").isEqualTo("zh-CN");

        browser.findElement(By.linkText(customerName)).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#call-h"), "记录通话"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=timeline]")).getText()).contains("电话");
        screenshot("customer-zh-CN");

        new Select(browser.findElement(By.cssSelector("[data-testid=language]"))).selectByValue("en");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#call-h"), "Log a call"));
    }

    @Test
    @Order(7)
    void aPluginDeployedLaterAppearsInTheNavigation() throws Exception {
        assertThat(browser.findElements(By.cssSelector("[data-nav='example-hello.greetings']"))).isEmpty();
        ui.deployExamplePlugin();
        HttpResponse<String> greeting = server.send(HttpRequest.newBuilder(server.uri("/api/v1/hello/greetings"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"Web\",\"message\":\"Hello from the browser test\"}")));
        assertThat(greeting.statusCode()).as(greeting.body()).isEqualTo(201);
        JsonNode listed = Json.body(server.get("/api/v1/ui/modules"));
        assertThat(listed.path("items").findValuesAsText("id")).contains("example-hello.greetings");

        // no reload: the shell polls the module list and re-reads it on every navigation
        WebElement entry = new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.elementToBeClickable(By.cssSelector("[data-nav='example-hello.greetings']")));
        assertThat(entry.getText()).isEqualTo("Greetings");
        entry.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=greetings]"),
                "Hello from the browser test"));
        assertThat(browser.findElement(By.cssSelector("main h1")).getText()).isEqualTo("Greetings");
        screenshot("plugin-page");

        // its 360-view panel, drawn by the plugin's own script (UiPanel), on a customer's page
        browser.get(server.uri("/#/customers?q=northwind").toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(customerName))).click();
        WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-panel-script='example-hello.greetings'] [data-testid=hello-panel]")));
        assertThat(panel.getText()).contains("Greetings you can see");
    }

    @Test
    @Order(8)
    void aRemovedPluginLeavesTheNavigation() throws Exception {
        Files.delete(server.home.resolve("deploy/relata-example-hello.jar"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("[data-nav='example-hello.greetings']"), 0));
        assertThat(Json.body(server.get("/api/v1/ui/modules")).path("items").findValuesAsText("id"))
                .doesNotContain("example-hello.greetings");
        navEntry("core.home").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=dashboard]")));
    }

    @Test
    @Order(9)
    void aPhoneWidthHasAMenuButton() throws IOException {
        Dimension desktop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            browser.get(server.uri("/#/customers").toString());
            // a reloaded page finds its session again (the CSRF token lives in memory only, the server gives it back)
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=customers]")));
            assertThat(browser.findElements(By.name("password"))).as("no sign-in after a reload").isEmpty();
            WebElement menu = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".menu-toggle")));
            assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
            menu.click();
            assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
            WebElement customers = wait.until(ExpectedConditions.visibilityOf(navEntry("core.customers")));
            screenshot("phone-menu");
            customers.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=customers]")));
            Long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("no sideways scrolling at phone width").isLessThanOrEqualTo(0L);
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    @Test
    @Order(10)
    void anExpiredSessionReturnsToTheSignInWithAMessage() {
        browser.get(server.uri("/#/customers").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=customers]")));
        navEntry("core.home").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=dashboard]")));
        browser.manage().deleteCookieNamed("RELATA_SESSION");
        navEntry("core.customers").click();
        WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-notice]")));
        assertThat(notice.getText()).contains("expired");

        signIn();
        assertThat(browser.getCurrentUrl()).as("back where the user was").endsWith("#/customers");
        browser.findElement(By.cssSelector("[data-testid=logout]")).click();
        WebElement signedOut = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=login-notice]")));
        assertThat(signedOut.getText()).contains("signed out");
        assertThat(browser.manage().getCookieNamed("RELATA_SESSION")).isNull();
    }

    @Test
    @Order(11)
    void aLicenseInItsGracePeriodIsAnnouncedOnEveryPage() throws IOException {
        try (var pem = WebUiIT.class.getClassLoader().getResourceAsStream("license/vendor-test-private.pem")) {
            Files.copy(pem, server.home.resolve("vendor-test-private.pem"), StandardCopyOption.REPLACE_EXISTING);
        }
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        Path license = server.home.resolve("L-WEB.json");
        RelataServer.ConsoleResult issued = server.console("relata:license-issue --private-key="
                + server.home.resolve("vendor-test-private.pem") + " --id=L-WEB --licensee=\"Web IT\" --issued="
                + today.minusDays(100) + " --expires=" + today.minusDays(3) + " --modules=sales --max-users=50"
                + " --out=" + license);
        assertThat(issued.exitStatus()).as(issued.all()).isZero();
        HttpResponse<String> installed = server.send(HttpRequest.newBuilder(server.uri("/api/v1/admin/license"))
                .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(Files.readString(license))));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);

        ui.open("/customers");
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=license-warning]")));
        assertThat(banner.getText()).startsWith("License:").contains("L-WEB").contains("read-only on");
        screenshot("license-warning");

        assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/admin/license")).DELETE()).statusCode())
                .isEqualTo(200);
        navEntry("core.home").click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid=license-warning]")));
    }

    private static void signIn() {
        ui.signIn("admin", RelataServer.ADMIN_PASSWORD);
    }

    private static WebElement navEntry(String id) {
        return ui.navEntry(id);
    }

    private static void screenshot(String name) throws IOException {
        ui.screenshot(name);
    }
}
