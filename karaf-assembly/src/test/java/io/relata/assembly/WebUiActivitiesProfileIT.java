package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The activities pages (tasks, logging, the calendar week, notifications) and the user's own profile (zone,
 * language, API tokens, password) in a real browser (see {@link WebUi}).
 */
class WebUiActivitiesProfileIT extends BrowserTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String originalZone;
    private static String customerId;
    private static String customerName;
    private static String taskSubject;
    private static LocalDate dueDate;

    @BeforeAll
    static void shared() {
        JsonNode me = Json.body(server.get("/api/v1/me"));
        originalZone = me.path("timeZone").isTextual() ? me.path("timeZone").asText() : null;
        customerName = "Activity Web " + System.nanoTime();
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"" + customerName + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        customerId = Json.body(created).path("id").asText();
    }

    /** Whatever happened, the admin keeps their zone and English (other classes share the server). */
    @AfterAll
    static void restoreProfile() {
        String zone = originalZone == null ? "null" : "\"" + originalZone + "\"";
        server.send(HttpRequest.newBuilder(server.uri("/api/v1/me"))
                .header("Content-Type", "application/merge-patch+json").header("If-Match", "*")
                .method("PATCH", BodyPublishers.ofString("{\"timeZone\":" + zone + ",\"locale\":\"en\"}")));
    }

    @Test
    @Order(1)
    void setsTheTimeZoneInTheProfile() {
        ui.open("/profile");
        WebElement form = ui.visible("profile-form");
        assertThat(ui.browser.findElement(By.cssSelector("[data-testid=user]")).getAttribute("href")).endsWith("#/profile");
        new Select(form.findElement(By.cssSelector("[data-testid=profile-zone]"))).selectByValue("Asia/Shanghai");
        form.findElement(By.cssSelector("[data-testid=profile-save]")).click();
        ui.visible("profile-saved");
        assertThat(Json.body(server.get("/api/v1/me")).path("timeZone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(new Select(ui.visible("profile-zone")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("Asia/Shanghai");
    }

    @Test
    @Order(2)
    void createsATaskDueAtALocalTimeAndSeesItInTheListAndTheWeek() throws IOException {
        taskSubject = "Send the offer " + System.nanoTime();
        dueDate = LocalDate.now(SHANGHAI).plusDays(2);
        ui.open("/activities/tasks");
        assertThat(ui.navEntry("core.activities").getText()).isEqualTo("Activities");
        ui.visible("new-task").click();
        WebElement form = ui.visible("task-form");
        form.findElement(By.cssSelector("[data-testid=task-save]")).click();
        WebElement subjectError = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=task-form] [data-error-for=subject]")));
        assertThat(subjectError.getText()).isNotBlank();

        form.findElement(By.name("subject")).sendKeys(taskSubject);
        pickCustomer(form, "task-customer");
        setValue(form.findElement(By.name("dueLocal")), dueDate + "T09:30");
        new Select(form.findElement(By.name("reminderAt"))).selectByValue("15");
        form.findElement(By.cssSelector("[data-testid=task-save]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=task-notice]"),
                taskSubject));
        WebElement row = taskRow(taskSubject);
        assertThat(row.findElement(By.cssSelector("[data-testid=task-due]")).getText()).contains("9:30");
        wait.until(driver -> row.getText().contains(customerName));

        JsonNode task = findTask(taskSubject);
        assertThat(task.path("dueAt").asText()).isEqualTo(dueDate.atTime(9, 30).atZone(SHANGHAI).toInstant().toString());
        assertThat(task.path("timeZone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(Instant.parse(task.path("reminderAt").asText()))
                .isEqualTo(dueDate.atTime(9, 15).atZone(SHANGHAI).toInstant());
        ui.screenshot("tasks");

        LocalDate monday = dueDate.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        browser.get(server.uri("/#/activities/calendar?week=" + monday).toString());
        By event = By.xpath("//*[@data-day='" + dueDate + "']//*[@data-testid='calendar-event'][contains(., '"
                + taskSubject + "')]");
        WebElement placed = wait.until(ExpectedConditions.visibilityOfElementLocated(event));
        assertThat(placed.findElement(By.cssSelector("[data-testid=event-time]")).getText()).contains("9:30");
        assertThat(placed.getAttribute("href")).endsWith("#/customers/" + customerId);
        // placed by time: 09:30 is 9.5 hours down the day column
        Number top = (Number) browser.executeScript("return parseFloat(arguments[0].style.top);", placed);
        assertThat(top.doubleValue()).isEqualTo(9.5 * 48);
        ui.screenshot("calendar-week");

        // a manager's view of someone's calendar (here: the admin's own, by id) shows the same week
        String adminId = Json.body(server.get("/api/v1/me")).path("id").asText();
        browser.get(server.uri("/#/activities/calendar?week=" + monday + "&user=" + adminId).toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(event));

        // next and previous week, and back
        ui.visible("week-next").click();
        wait.until(ExpectedConditions.urlContains("week=" + monday.plusDays(7)));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(event));
        ui.visible("week-prev").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(event));

        // at phone width the week is a list of days
        Dimension desktop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            WebElement listed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//*[@data-testid='day-list']//*[@data-testid='calendar-event'][contains(., '"
                            + taskSubject + "')]")));
            assertThat(listed.getText()).contains("9:30");
            assertThat((Boolean) browser.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;")).as("no sideways scroll").isTrue();
            ui.screenshot("calendar-week-phone");
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    @Test
    @Order(3)
    void completesTheTask() {
        ui.open("/activities/tasks");
        taskRow(taskSubject).findElement(By.cssSelector("[data-testid=task-edit]")).click();
        WebElement form = ui.visible("task-form");
        assertThat(form.findElement(By.name("dueLocal")).getAttribute("value")).isEqualTo(dueDate + "T09:30");
        wait.until(driver -> customerName.equals(form.findElement(By.cssSelector("[data-testid=task-customer]"))
                .getAttribute("value")));
        form.findElement(By.name("subject")).sendKeys(" today");
        taskSubject = taskSubject + " today";
        form.findElement(By.cssSelector("[data-testid=task-save]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=task-notice]"),
                taskSubject));
        assertThat(findTask(taskSubject).path("dueAt").asText())
                .isEqualTo(dueDate.atTime(9, 30).atZone(SHANGHAI).toInstant().toString());

        WebElement row = taskRow(taskSubject);
        row.findElement(By.cssSelector("[data-testid=task-complete]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=task-notice]"),
                "done"));
        wait.until(driver -> !driver.findElement(By.cssSelector("[data-testid=tasks]")).getText().contains(taskSubject));
        assertThat(findTask(taskSubject).path("status").asText()).isEqualTo("DONE");

        new Select(ui.visible("task-filter")).selectByValue("done");
        wait.until(ExpectedConditions.urlContains("filter=done"));
        WebElement done = taskRow(taskSubject);
        assertThat(done.findElements(By.cssSelector("[data-testid=task-reopen]"))).hasSize(1);
    }

    @Test
    @Order(4)
    void logsAMeetingAndANote() {
        ui.open("/activities/log");
        WebElement form = ui.visible("log-form");
        new Select(form.findElement(By.cssSelector("[data-testid=log-type]"))).selectByValue("MEETING");
        assertThat(form.findElement(By.name("endLocal")).isDisplayed()).isTrue();
        assertThat(form.findElement(By.name("street")).isDisplayed()).isTrue();
        assertThat(form.findElement(By.name("durationMinutes")).isDisplayed()).isFalse();
        // nothing filled in: the errors are at the fields
        form.findElement(By.cssSelector("[data-testid=log-submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=log-form] [data-error-for=subject]")));
        assertThat(form.findElement(By.name("subject")).getAttribute("aria-invalid")).isEqualTo("true");

        String meeting = "Quarterly review " + System.nanoTime();
        LocalDate day = LocalDate.now(SHANGHAI).plusDays(1);
        pickCustomer(form, "log-customer");
        form.findElement(By.name("subject")).sendKeys(meeting);
        setValue(form.findElement(By.name("startLocal")), day + "T14:00");
        setValue(form.findElement(By.name("endLocal")), day + "T15:30");
        form.findElement(By.name("street")).sendKeys("Zhangjiang Rd 88");
        form.findElement(By.name("city")).sendKeys("Shanghai");
        form.findElement(By.name("planned")).click();
        form.findElement(By.cssSelector("[data-testid=log-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=activity-logged]"),
                meeting));

        String note = "Prefers WeChat " + System.nanoTime();
        new Select(form.findElement(By.cssSelector("[data-testid=log-type]"))).selectByValue("NOTE");
        assertThat(form.findElement(By.name("startLocal")).isDisplayed()).isFalse();
        form.findElement(By.name("subject")).sendKeys(note);
        form.findElement(By.name("body")).sendKeys("Send documents by WeChat, not e-mail.");
        form.findElement(By.cssSelector("[data-testid=log-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=activity-logged]"),
                note));

        ui.visible("logged-timeline").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=timeline]"), note));
        assertThat(browser.findElement(By.cssSelector("[data-testid=timeline]")).getText()).contains(meeting);
        JsonNode logged = Json.body(server.get("/api/v1/activities?type=MEETING&linked=customer:" + customerId));
        assertThat(logged.path("items").get(0).path("startAt").asText())
                .isEqualTo(day.atTime(14, 0).atZone(SHANGHAI).toInstant().toString());
        assertThat(logged.path("items").get(0).path("location").path("address").path("city").asText())
                .isEqualTo("Shanghai");
    }

    @Test
    @Order(5)
    void listsNotifications() {
        ui.open("/notifications");
        assertThat(ui.navEntry("core.notifications").getText()).isEqualTo("Notifications");
        wait.until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=notification]")),
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=no-notifications]"))));
        ui.visible("read-all").click();
        ui.visible("notifications-notice");
        assertThat(Json.body(server.get("/api/v1/me/notifications/unread-count")).path("unread").asLong()).isZero();
    }

    @Test
    @Order(6)
    void switchesTheLanguageInTheProfile() {
        ui.open("/profile");
        try {
            new Select(ui.visible("profile-locale")).selectByValue("zh-CN");
            ui.visible("profile-save").click();
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "zh-CN"));
            assertThat(ui.visible("profile-saved").getText()).isEqualTo("个人资料已保存。");
            assertThat(ui.navEntry("core.activities").getText()).isEqualTo("活动");
            assertThat(Json.body(server.get("/api/v1/me")).path("locale").asText()).isEqualTo("zh-CN");

            new Select(ui.visible("profile-locale")).selectByValue("en");
            ui.visible("profile-save").click();
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
            assertThat(ui.navEntry("core.activities").getText()).isEqualTo("Activities");
        } finally {
            ui.open("/profile"); // English again, whatever failed
        }
    }

    @Test
    @Order(7)
    void createsUsesAndRevokesAnApiToken() throws IOException {
        ui.open("/profile");
        String name = "it token " + System.nanoTime();
        WebElement form = ui.visible("token-form");
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.cssSelector("[data-testid=token-create]")).click();
        String token = ui.visible("token-secret").getAttribute("value");
        assertThat(token).startsWith("rlt_");
        Object stored = browser.executeScript("return JSON.stringify(Object.assign({}, localStorage, sessionStorage));");
        assertThat(String.valueOf(stored)).doesNotContain(token);

        HttpResponse<String> me = server.as(token, HttpRequest.newBuilder(server.uri("/api/v1/me")).GET());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(Json.body(me).path("username").asText()).isEqualTo("admin");

        By row = By.cssSelector("[data-testid=token-row][data-token-name='" + name + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row))
                .findElement(By.cssSelector("[data-testid=token-revoke]")).click();
        ui.visible("confirm-yes").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=token-row][data-token-name='" + name + "'] [data-testid=token-state]"),
                "Revoked"));
        assertThat(server.as(token, HttpRequest.newBuilder(server.uri("/api/v1/me")).GET()).statusCode()).isEqualTo(401);

        browser.findElement(By.cssSelector("[data-testid=token-created] .link-button")).click(); // the secret leaves the page
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(token);
        ui.screenshot("profile");
    }

    @Test
    @Order(8)
    void aWrongCurrentPasswordIsRefusedAtTheField() {
        ui.open("/profile");
        WebElement form = ui.visible("password-form");
        form.findElement(By.name("currentPassword")).sendKeys("not-the-password-1");
        form.findElement(By.name("newPassword")).sendKeys("Another-secret-42");
        form.findElement(By.name("repeatPassword")).sendKeys("Another-secret-42");
        form.findElement(By.cssSelector("[data-testid=password-save]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=password-form] [data-error-for=currentPassword]")));
        assertThat(error.getText()).contains("current password");
        assertThat(form.findElement(By.name("currentPassword")).getAttribute("aria-invalid")).isEqualTo("true");
        // the admin is still signed in with the old password
        assertThat(browser.findElements(By.cssSelector("[data-testid=logout]"))).hasSize(1);
    }

    @Test
    @Order(9)
    void anotherUserChangesTheirPasswordAndSignsInAgain() {
        String username = "pwuser" + System.nanoTime();
        String first = "First-secret-" + System.nanoTime() % 100000;
        String second = "Second-secret-" + System.nanoTime() % 100000;
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/admin/users"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.createObjectNode().put("username", username)
                        .put("displayName", "Password Tester").put("email", username + "@example.com")
                        .put("password", first).set("roles", JSON.valueToTree(List.of("SALES_REP"))).toString())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        ui.open("/profile");
        try {
            ui.visible("logout").click();
            ui.signIn(username, first);
            browser.get(server.uri("/#/profile").toString());
            WebElement form = ui.visible("password-form");
            // the server's password policy, at the new password
            form.findElement(By.name("currentPassword")).sendKeys(first);
            form.findElement(By.name("newPassword")).sendKeys("short");
            form.findElement(By.name("repeatPassword")).sendKeys("short");
            form.findElement(By.cssSelector("[data-testid=password-save]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid=password-form] [data-error-for=newPassword]")));
            // the repeat must match
            form.findElement(By.name("newPassword")).clear();
            form.findElement(By.name("newPassword")).sendKeys(second);
            form.findElement(By.name("repeatPassword")).clear();
            form.findElement(By.name("repeatPassword")).sendKeys(second + "x");
            form.findElement(By.cssSelector("[data-testid=password-save]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid=password-form] [data-error-for=repeatPassword]")));
            form.findElement(By.name("repeatPassword")).clear();
            form.findElement(By.name("repeatPassword")).sendKeys(second);
            form.findElement(By.cssSelector("[data-testid=password-save]")).click();
            ui.visible("password-changed");
            ui.visible("password-sign-in").click();
            ui.signIn(username, second); // the server signed every session out: the new password works
            assertThat(ui.visible("user").getText()).isEqualTo("Password Tester");
            ui.visible("logout").click();
        } finally {
            browser.manage().deleteAllCookies();
            browser.get(server.uri("/#/profile").toString());
            ui.signIn("admin", RelataServer.ADMIN_PASSWORD);
        }
        assertThat(ui.visible("user").getText()).isNotEqualTo("Password Tester");
    }

    @Test
    @Order(10)
    void restoresTheOriginalTimeZone() {
        ui.open("/profile");
        WebElement form = ui.visible("profile-form");
        if (originalZone != null) {
            new Select(form.findElement(By.cssSelector("[data-testid=profile-zone]"))).selectByValue(originalZone);
            form.findElement(By.cssSelector("[data-testid=profile-save]")).click();
            ui.visible("profile-saved");
        } else {
            restoreProfile(); // no zone at all cannot be chosen in the page
        }
        assertThat(Json.body(server.get("/api/v1/me")).path("timeZone").asText(null)).isEqualTo(originalZone);
    }

    private static void pickCustomer(WebElement form, String testId) {
        WebElement search = form.findElement(By.cssSelector("[data-testid=" + testId + "]"));
        search.sendKeys(customerName);
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid=" + testId + "-results] [data-customer-id='" + customerId + "']"))).click();
        assertThat(search.getAttribute("value")).isEqualTo(customerName);
    }

    /** Sets an input's value as the user's picker would (date-time inputs take typed keys per locale). */
    private static void setValue(WebElement input, String value) {
        browser.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, value);
    }

    private static WebElement taskRow(String subject) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[@data-testid='task'][.//*[contains(@class, 'task-subject')][text()='" + subject + "']]")));
    }

    private static JsonNode findTask(String subject) {
        JsonNode items = Json.body(server.get("/api/v1/activities?type=TASK&q="
                + java.net.URLEncoder.encode(subject, java.nio.charset.StandardCharsets.UTF_8))).path("items");
        assertThat(items.size()).as(items.toString()).isEqualTo(1);
        return items.get(0);
    }
}
