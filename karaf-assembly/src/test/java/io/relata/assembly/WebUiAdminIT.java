package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The administration pages in a real browser (see {@link WebUi}): teams, users (a field error first, then
 * disable and enable), a custom role, a custom field, modules and the license, the recycle bin and the audit log.
 */
class WebUiAdminIT extends BrowserTest {

    private static final long RUN = System.nanoTime();

    private static String teamName;
    private static String username;

    @BeforeAll
    static void shared() {
        teamName = "IT team " + RUN;
        username = "it.admin-" + RUN;
    }

    @Test
    @Order(1)
    void createsATeamAndShowsItsMembers() {
        ui.open("/admin");
        assertThat(ui.navEntry("core.admin").getText()).isEqualTo("Administration");
        ui.visible("admin-tab-users"); // /admin goes to the first tab
        ui.visible("admin-tab-teams").click();
        WebElement name = ui.visible("team-name");
        name.sendKeys(teamName);
        ui.visible("create-team").click();
        assertThat(ui.visible("teams-notice").getText()).contains(teamName);
        ui.visible("team-panel");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=team-members]"),
                "No members yet"));
        assertThat(find(Json.body(server.get("/api/v1/admin/teams")), "name", teamName)).isNotNull();
    }

    @Test
    @Order(2)
    void createsAUserWithARoleAndATeamAfterAFieldError() throws IOException {
        ui.open("/admin/users");
        ui.visible("new-user").click();
        WebElement form = ui.visible("user-form");
        // a username that is taken: the server's 409 is shown at the username field
        form.findElement(By.name("username")).sendKeys("admin");
        form.findElement(By.name("displayName")).sendKeys("IT Admin Page User");
        form.findElement(By.name("email")).sendKeys("it.user@example.com");
        ui.visible("save-user").click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-error-for=username]")));
        assertThat(error.getText()).contains("taken");
        assertThat(form.findElement(By.name("username")).getAttribute("aria-invalid")).isEqualTo("true");

        WebElement field = form.findElement(By.name("username"));
        field.clear();
        field.sendKeys(username);
        form.findElement(By.cssSelector("[data-testid=user-roles] input[value=SALES_REP]")).click();
        WebElement team = form.findElement(By.xpath(".//fieldset[@data-testid='user-teams']//label[normalize-space()='"
                + teamName + "']"));
        team.click();
        ui.visible("generate-password").click();
        assertThat(form.findElement(By.name("password")).getAttribute("value")).hasSizeGreaterThanOrEqualTo(10);
        ui.visible("save-user").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=user-title]"),
                "IT Admin Page User"));

        JsonNode user = userOverRest();
        assertThat(user.path("roles").toString()).contains("SALES_REP");
        String teamId = find(Json.body(server.get("/api/v1/admin/teams")), "name", teamName).path("id").asText();
        assertThat(user.path("teams").toString()).contains(teamId);
        assertThat(user.path("active").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void disablesAndEnablesTheUser() throws IOException {
        ui.visible("disable-user").click();
        ui.visible("confirm-dialog");
        ui.visible("confirm-ok").click();
        ui.visible("user-disabled");
        assertThat(ui.visible("user-notice").getText()).contains("disabled");
        assertThat(userOverRest().path("active").asBoolean()).isFalse();

        ui.visible("enable-user").click();
        ui.visible("disable-user");
        assertThat(userOverRest().path("active").asBoolean()).isTrue();

        ui.open("/admin/users?q=" + URLEncoder.encode("it.admin-", StandardCharsets.UTF_8));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=users] tr[data-username='"
                + username + "']")));
        ui.screenshot("admin-users");
    }

    @Test
    @Order(5)
    void createsACustomRoleWithTwoPermissions() throws IOException {
        String role = "IT role " + RUN;
        ui.open("/admin/roles");
        ui.visible("roles");
        ui.visible("new-role").click();
        WebElement form = ui.visible("role-form");
        form.findElement(By.name("name")).sendKeys(role);
        form.findElement(By.name("description")).sendKeys("Reads customers and users");
        click(form.findElement(By.cssSelector("input[data-permission='customers:read']")));
        click(form.findElement(By.cssSelector("input[data-permission='users:read']")));
        ui.visible("save-role").click();
        assertThat(ui.visible("roles-notice").getText()).contains(role);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=roles] tr[data-role='" + role + "']")));

        JsonNode saved = find(Json.body(server.get("/api/v1/admin/roles")), "name", role);
        assertThat(saved).isNotNull();
        List<String> permissions = new ArrayList<>();
        saved.path("permissions").forEach(permission -> permissions.add(permission.asText()));
        assertThat(permissions).containsExactlyInAnyOrder("customers:read", "users:read");
        assertThat(saved.path("builtIn").asBoolean()).isFalse();
        ui.screenshot("admin-roles");
    }

    @Test
    @Order(6)
    void createsACustomFieldForCustomers() throws IOException {
        String key = "it_region_" + RUN;
        ui.open("/admin/custom-fields?type=customer");
        ui.visible("new-field").click();
        WebElement form = ui.visible("field-form");
        ui.visible("field-key").sendKeys(key);
        form.findElement(By.name("labelEn")).sendKeys("IT region");
        form.findElement(By.name("labelZh")).sendKeys("区域");
        new Select(ui.visible("field-type")).selectByValue("PICKLIST");
        ui.visible("add-option").click();
        List<WebElement> keys = form.findElements(By.cssSelector("[data-option=key]"));
        List<WebElement> english = form.findElements(By.cssSelector("[data-option=en]"));
        assertThat(keys).hasSize(2);
        keys.get(0).sendKeys("north");
        english.get(0).sendKeys("North");
        keys.get(1).sendKeys("south");
        english.get(1).sendKeys("South");
        ui.visible("save-field").click();
        assertThat(ui.visible("fields-notice").getText()).contains(key);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=fields] tr[data-field='" + key + "']")));

        JsonNode field = find(Json.body(server.get("/api/v1/custom-fields?recordType=customer")), "key", key);
        assertThat(field).as("the field over REST").isNotNull();
        assertThat(field.path("type").asText()).isEqualTo("PICKLIST");
        assertThat(field.path("labels").path("zh-CN").asText()).isEqualTo("区域");
        assertThat(field.path("options")).hasSize(2);
        ui.screenshot("admin-custom-fields");
    }

    @Test
    @Order(7)
    void listsModulesAndTheLicense() throws IOException {
        ui.open("/admin/modules");
        ui.visible("modules");
        List<WebElement> states = browser.findElements(By.cssSelector("[data-testid=modules] [data-testid=module-state]"));
        assertThat(states).isNotEmpty();
        assertThat(states.stream().map(WebElement::getText)).contains("Active");
        assertThat(browser.findElements(By.cssSelector("[data-testid=modules] tr[data-module=core]"))).isNotEmpty();
        String state = Json.body(server.get("/api/v1/admin/license")).path("state").asText();
        WebElement shown = ui.visible("license-state");
        if ("NONE".equals(state)) {
            assertThat(shown.getText()).isEqualTo("No license");
            ui.visible("license-none");
        } else {
            assertThat(shown.getText()).isNotBlank();
        }
        // a document that is no license is refused at the field, and the license in force stays
        ui.visible("license-document").sendKeys("{\"format\":\"relata-license/1\",\"payload\":\"x\",\"signature\":\"y\"}");
        ui.visible("install-license").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-error-for=document]")));
        assertThat(Json.body(server.get("/api/v1/admin/license")).path("state").asText()).isEqualTo(state);
        ui.screenshot("admin-modules");
    }

    @Test
    @Order(8)
    void restoresADeletedCustomerFromTheRecycleBin() throws IOException {
        String name = "IT Recycled " + RUN;
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"" + name + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.body(created).path("id").asText();
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers/" + id)).DELETE()).statusCode())
                .isEqualTo(204);
        assertThat(server.get("/api/v1/customers/" + id).statusCode()).isEqualTo(404);

        ui.open("/admin/recycle-bin?type=customer");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=bin] tr[data-record-id='" + id + "']")));
        assertThat(row.getText()).contains(name).contains("Customer");
        ui.screenshot("admin-recycle-bin");
        row.findElement(By.cssSelector("[data-testid=restore]")).click();
        assertThat(ui.visible("bin-notice").getText()).contains(name);
        assertThat(server.get("/api/v1/customers/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void showsASecurityEventAndACustomersFieldHistory() throws IOException {
        HttpResponse<String> failed = server.anonymous(HttpRequest.newBuilder(server.uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"not-the-password-1\"}")));
        assertThat(failed.statusCode()).isEqualTo(401);

        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"IT History " + RUN + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.body(created).path("id").asText();
        HttpResponse<String> renamed = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers/" + id))
                .header("Content-Type", "application/merge-patch+json")
                .header("If-Match", created.headers().firstValue("ETag").orElse("*"))
                .method("PATCH", BodyPublishers.ofString("{\"name\":\"IT History renamed " + RUN + "\"}")));
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);

        ui.open("/admin/audit?type=LOGIN&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
        WebElement event = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=security-events] tr[data-event-type=LOGIN][data-username='" + username + "']")));
        assertThat(event.getText()).contains("Sign-in").contains("Failure");

        // a day range in the user's zone: days around today keep the event, days in the future leave it out
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String byName = "/admin/audit?type=LOGIN&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
        ui.open(byName + "&from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=security-events] tr[data-username='" + username + "']")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=event-from]")).getAttribute("value"))
                .isEqualTo(today.minusDays(1).toString());
        ui.open(byName + "&from=" + today.plusDays(2) + "&to=" + today.plusDays(3));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=event-from]"), "value",
                today.plusDays(2).toString()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=event-filters] ~ div .empty")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=security-events] tr[data-username='" + username
                + "']"))).isEmpty();
        ui.open(byName);
        ui.visible("history-id");

        WebElement recordId = ui.visible("history-id");
        recordId.clear();
        recordId.sendKeys(id);
        ui.visible("history-show").click();
        WebElement change = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=history] [data-action=UPDATED] tr[data-field=name]")));
        assertThat(change.findElement(By.cssSelector(".adm-old")).getText()).isEqualTo("IT History " + RUN);
        assertThat(change.findElement(By.cssSelector(".adm-new")).getText()).isEqualTo("IT History renamed " + RUN);
        ui.screenshot("admin-audit");
    }

    @Test
    @Order(10)
    void speaksChinese() {
        ui.open("/admin/modules");
        try {
            new Select(ui.visible("language")).selectByValue("zh-CN");
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "zh-CN"));
            assertThat(ui.visible("admin-tab-users").getText()).isEqualTo("用户");
            assertThat(ui.navEntry("core.admin").getText()).isEqualTo("系统管理");
            assertThat(ui.visible("modules").getText()).contains("运行中");
        } finally {
            new Select(ui.visible("language")).selectByValue("en");
            wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "en"));
        }
    }

    @Test
    @Order(11)
    void tablesScrollInsideThePageAtPhoneWidth() {
        Dimension size = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            for (String[] page : new String[][] {{"/admin/users", "users"}, {"/admin/roles", "roles"},
                    {"/admin/teams", "teams"}, {"/admin/custom-fields?type=customer", "fields"},
                    {"/admin/modules", "modules"}, {"/admin/audit", "security-events"}}) {
                ui.open(page[0]);
                ui.visible(page[1]);
                Object sideways = browser.executeScript(
                        "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
                assertThat(sideways).as(page[0] + " does not scroll sideways").isEqualTo(false);
            }
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    private static JsonNode userOverRest() {
        JsonNode page = Json.body(server.get("/api/v1/admin/users?q=" + URLEncoder.encode(username, StandardCharsets.UTF_8)));
        JsonNode user = find(page, "username", username);
        assertThat(user).as("the user over REST").isNotNull();
        return user;
    }

    private static JsonNode find(JsonNode page, String member, String value) {
        for (JsonNode item : page.path("items")) {
            if (value.equals(item.path(member).asText())) {
                return item;
            }
        }
        return null;
    }

    /** Checkboxes inside long lists may be below the fold. */
    private static void click(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }
}
