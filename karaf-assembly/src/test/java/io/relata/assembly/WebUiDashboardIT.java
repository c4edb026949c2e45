package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The home dashboard in a real browser (see {@link WebUi}): the four core charts from their metric providers,
 * their numbers in the accessible table, a click on a slice opening the filtered list, the period selector,
 * Chinese titles, phone width; and over REST, that a metric the user may not see is neither listed nor computed.
 */
class WebUiDashboardIT extends BrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CORE_METRICS = List.of("core.activities-per-week", "core.customers-by-stage",
            "core.leads-by-source-status", "core.my-overdue-tasks");

    private static final String CHINESE_PROSPECT = "潜在客户";

    private static String taskSubject;

    private static HttpRequest.Builder json(String method, String path, Map<String, ?> body) {
        try {
            return HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                    .method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.body(response).path("id").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    @Test
    @Order(1)
    void listsOnlyTheMetricsAUserMayAndRefusesTheOthers() {
        assertThat(server.anonymous(HttpRequest.newBuilder(server.uri("/api/v1/dashboard/metrics")).GET())
                .statusCode()).isEqualTo(401);
        JsonNode all = Json.body(server.get("/api/v1/dashboard/metrics"));
        assertThat(ids(all)).containsAll(CORE_METRICS);
        assertThat(ids(all).indexOf("core.activities-per-week")).isLessThan(ids(all).indexOf("core.my-overdue-tasks"));

        // a service agent reads customers and activities, but not leads
        String username = "dash.agent" + System.nanoTime() % 1_000_000;
        String password = "Correct-horse-42";
        created(server.send(json("POST", "/api/v1/admin/users", Map.of("username", username,
                "displayName", "Dash Agent", "email", username + "@example.com", "password", password,
                "roles", List.of("SERVICE_AGENT")))));
        String token = server.createToken(username, password);
        JsonNode mine = Json.body(server.as(token, HttpRequest.newBuilder(server.uri("/api/v1/dashboard/metrics"))));
        assertThat(ids(mine)).contains("core.customers-by-stage", "core.my-overdue-tasks")
                .doesNotContain("core.leads-by-source-status");
        HttpResponse<String> refused = server.as(token, HttpRequest.newBuilder(
                server.uri("/api/v1/dashboard/metrics/core.leads-by-source-status")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(server.get("/api/v1/dashboard/metrics/core.no-such-metric").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/v1/dashboard/metrics/core.activities-per-week?weeks=99").statusCode())
                .isEqualTo(400);

        JsonNode weekly = Json.body(server.get("/api/v1/dashboard/metrics/core.activities-per-week?weeks=3"));
        assertThat(weekly.path("weeks").asInt()).isEqualTo(3);
        assertThat(weekly.path("series").get(0).path("points")).hasSize(3);
    }

    @Test
    @Order(2)
    void showsTheCoreChartsAndOpensTheListBehindASlice() throws IOException {
        long run = System.nanoTime();
        List<String> customers = new ArrayList<>();
        for (String stage : List.of("PROSPECT", "CUSTOMER", "CUSTOMER", "FORMER")) {
            customers.add(created(server.send(json("POST", "/api/v1/customers?allowDuplicate=true",
                    Map.of("name", "Dashboard " + stage + " " + run + " " + customers.size(), "stage", stage)))));
        }
        created(server.send(json("POST", "/api/v1/leads?allowDuplicate=true", Map.of("lastName", "Dash " + run,
                "company", "Dash Lead Co " + run, "source", "web"))));
        created(server.send(json("POST", "/api/v1/leads?allowDuplicate=true", Map.of("lastName", "Ref " + run,
                "company", "Ref Lead Co " + run, "source", "referral", "status", "WORKING"))));
        Map<String, Object> link = Map.of("recordType", "customer", "recordId", customers.get(1));
        created(server.send(json("POST", "/api/v1/activities", Map.of("type", "CALL", "subject", "Dash call " + run,
                "startAt", Instant.now().minusSeconds(600).toString(), "status", "DONE", "links", List.of(link)))));
        taskSubject = "Overdue <b>" + run + "</b>";
        created(server.send(json("POST", "/api/v1/activities", Map.of("type", "TASK", "subject", taskSubject,
                "dueAt", Instant.now().minus(Duration.ofDays(2)).toString(), "links", List.of(link)))));

        ui.open("/");
        for (String id : CORE_METRICS) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "[data-testid='metric-" + id + "'][data-state='ready']")));
        }
        WebElement stages = card("core.customers-by-stage");
        assertThat(stages.findElement(By.tagName("h2")).getText()).isEqualTo("Customers by stage");
        for (String id : List.of("core.customers-by-stage", "core.activities-per-week", "core.leads-by-source-status")) {
            assertThat(card(id).findElements(By.cssSelector("canvas[data-testid=metric-chart]"))).as(id).hasSize(1);
        }

        // the accessible table says what the API says, in words of the UI
        JsonNode api = Json.body(server.get("/api/v1/dashboard/metrics/core.customers-by-stage"));
        Map<String, String> expected = new LinkedHashMap<>();
        api.path("series").get(0).path("points").forEach(point ->
                expected.put(point.path("key").asText(), point.path("value").path("amount").asText()));
        assertThat(Long.parseLong(expected.get("CUSTOMER"))).isGreaterThanOrEqualTo(2);
        for (Map.Entry<String, String> stage : expected.entrySet()) {
            WebElement row = stages.findElement(By.cssSelector("[data-testid=metric-table] tr[data-key='"
                    + stage.getKey() + "']"));
            assertThat(text(row)).contains(java.text.NumberFormat.getIntegerInstance(java.util.Locale.ENGLISH)
                    .format(Long.parseLong(stage.getValue())));
        }
        assertThat(text(stages.findElement(By.cssSelector("[data-testid=metric-table]"))))
                .contains("Prospect", "Customer", "Former");
        WebElement toggle = stages.findElement(By.cssSelector("[data-testid=metric-table-toggle]"));
        toggle.click();
        assertThat(stages.findElement(By.cssSelector("[data-testid=metric-table]")).isDisplayed()).isTrue();
        toggle.click();
        WebElement table = stages.findElement(By.cssSelector("[data-testid=metric-table]"));
        WebElement area = table.findElement(By.xpath(".."));
        assertThat(width(area)).as("hidden again").isLessThan(5);
        // a keyboard user tabbing into the hidden table's links sees it
        WebElement firstLink = table.findElement(By.tagName("a"));
        browser.executeScript("arguments[0].focus();", firstLink);
        assertThat(width(area)).as("shown while focused").isGreaterThan(50);
        browser.executeScript("arguments[0].blur();", firstLink);
        assertThat(text(card("core.leads-by-source-status"))).contains("New", "Working");

        // the overdue task is listed, escaped, with the number of overdue tasks above it
        WebElement overdue = card("core.my-overdue-tasks");
        assertThat(overdue.findElement(By.cssSelector("[data-testid=metric-items]")).getText()).contains(taskSubject);
        assertThat(Integer.parseInt(overdue.findElement(By.cssSelector("[data-testid=metric-total]")).getText()
                .replace(",", ""))).isGreaterThanOrEqualTo(1);
        assertThat(browser.findElements(By.cssSelector("[data-testid=dashboard] b"))).isEmpty();
        ui.screenshot("dashboard");

        // a click on the Customer slice opens the customers list filtered by that stage
        WebElement canvas = stages.findElement(By.cssSelector("canvas"));
        wait.until(driver -> Boolean.TRUE.equals(browser.executeScript(
                "return !!Chart.getChart(arguments[0]);", canvas)));
        sleep(Duration.ofMillis(800)); // the slices grow into place for 250 ms
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) browser.executeScript(
                "const chart = Chart.getChart(arguments[0]);"
                        + "const index = chart.data.labels.indexOf('Customer');"
                        + "const p = chart.getDatasetMeta(0).data[index].tooltipPosition();"
                        + "const box = arguments[0].getBoundingClientRect();"
                        + "return [p.x, p.y, box.width, box.height];", canvas);
        new Actions(browser).moveToElement(canvas, (int) (at.get(0).doubleValue() - at.get(2).doubleValue() / 2),
                (int) (at.get(1).doubleValue() - at.get(3).doubleValue() / 2)).click().perform();
        wait.until(ExpectedConditions.urlContains("#/customers?stage=CUSTOMER"));
    }

    @Test
    @Order(3)
    void choosesThePeriodAndSpeaksChineseAndFitsAPhone() {
        ui.open("/");
        String weekly = "core.activities-per-week";
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "[data-testid='metric-" + weekly + "'][data-state='ready']")));
        try {
            new Select(card(weekly).findElement(By.cssSelector("[data-testid=metric-period]"))).selectByValue("4");
            wait.until(driver -> card(weekly).findElements(By.cssSelector("[data-testid=metric-table] tbody tr"))
                    .size() == 4 && "ready".equals(card(weekly).getAttribute("data-state")));
        } finally {
            browser.executeScript("localStorage.removeItem('relata.dashboard.weeks." + weekly + "');");
        }

        try {
            new Select(browser.findElement(By.cssSelector("[data-testid=language]"))).selectByValue("zh-CN");
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "zh-CN"));
            // the page is drawn again in Chinese: read through the DOM, not through elements that may be replaced
            wait.until(driver -> "按阶段的客户".equals(heading("core.customers-by-stage")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "[data-testid='metric-core.customers-by-stage'][data-state='ready']")));
            assertThat(heading("core.activities-per-week")).isEqualTo("每周活动");
            assertThat(heading("core.leads-by-source-status")).isEqualTo("按来源和状态的线索");
            assertThat(heading("core.my-overdue-tasks")).isEqualTo("我的逾期任务");
            assertThat(text(card("core.customers-by-stage"))).contains(CHINESE_PROSPECT);
        } finally {
            new Select(browser.findElement(By.cssSelector("[data-testid=language]"))).selectByValue("en");
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        }

        Dimension size = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "[data-testid='metric-core.customers-by-stage'][data-state='ready']")));
            Object sideways = browser.executeScript(
                    "return document.documentElement.scrollWidth > window.innerWidth;");
            assertThat(sideways).as("no sideways scroll at phone width").isEqualTo(Boolean.FALSE);
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double width(WebElement element) {
        return ((Number) browser.executeScript("return arguments[0].getBoundingClientRect().width;", element))
                .doubleValue();
    }

    private static String heading(String id) {
        return (String) browser.executeScript("const h = document.querySelector(\"[data-testid='metric-\" + arguments[0]"
                + " + \"'] h2\"); return h ? h.textContent : null;", id);
    }

    private static WebElement card(String id) {
        return browser.findElement(By.cssSelector("[data-testid='metric-" + id + "']"));
    }

    /** All text of an element, also of a visually hidden one (getText() gives only what is shown). */
    private static String text(WebElement element) {
        return String.valueOf(browser.executeScript("return arguments[0].textContent;", element));
    }
}
