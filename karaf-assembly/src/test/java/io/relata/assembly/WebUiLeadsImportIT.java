package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The leads pages and the import wizard in a real browser (see {@link WebUi}): a lead created with a field error
 * first, found, one claimed from the pool and converted through the wizard; a CSV file with Chinese headers and a
 * bad row mapped, dry-run and imported with its progress.
 */
class WebUiLeadsImportIT extends BrowserTest {

    private static final long RUN = System.nanoTime();

    private static Path csv;

    @AfterAll
    static void cleanUp() throws IOException {
        if (csv != null) {
            Files.deleteIfExists(csv);
        }
    }

    @Test
    @Order(1)
    void createsALeadWithAFieldErrorFirstAndFindsIt() throws IOException {
        String last = "Leadwright" + RUN;
        ui.open("/leads");
        assertThat(ui.navEntry("core.leads").getText()).isEqualTo("Leads");
        ui.visible("new-lead").click();
        WebElement form = ui.visible("lead-form");
        form.findElement(By.name("firstName")).sendKeys("Ada");
        form.findElement(By.name("lastName")).sendKeys(last);
        form.findElement(By.name("company")).sendKeys("Leadworks " + RUN);
        form.findElement(By.name("email")).sendKeys("not-an-email");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=lead-form] [data-error-for=email]")));
        assertThat(error.getText()).contains("e-mail");
        WebElement email = form.findElement(By.name("email"));
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement()).as("the bad field has the focus").isEqualTo(email);

        email.clear();
        email.sendKeys("ada." + RUN + "@leadworks.example");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=lead-name]"), last));
        assertThat(browser.getCurrentUrl()).contains("#/leads/");

        ui.open("/leads?q=" + last.toLowerCase() + "&status=NEW");
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Ada " + last)));
        assertThat(new Select(browser.findElement(By.cssSelector("[data-testid=lead-status-filter]")))
                .getFirstSelectedOption().getAttribute("value")).as("the filter is kept in the address").isEqualTo("NEW");
        // a few more leads for the list's screenshot
        for (String name : List.of("Grace", "Linus")) {
            createLead(name, "Sample" + RUN, "Sample Co " + name, true, "");
        }
        ui.open("/leads?q=" + RUN);
        ui.visible("leads");
        ui.screenshot("leads");
        browser.findElement(By.linkText("Ada " + last)).click();
        ui.visible("lead-details");
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("null");

        // status, release to the pool with a reason, claim again
        ui.visible("change-status").click();
        WebElement statusForm = ui.visible("status-form");
        new Select(statusForm.findElement(By.name("status"))).selectByValue("WORKING");
        statusForm.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=lead-name] [data-testid=lead-status]"),
                "Working"));
        String id = browser.getCurrentUrl().replaceAll(".*#/leads/", "");
        ui.visible("release-lead").click();
        ui.visible("release-reason").sendKeys("Wrong region");
        ui.visible("release-form").findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(ui.visible("lead-notice").getText()).contains("pool");
        assertThat(Json.body(server.get("/api/v1/leads/" + id)).path("ownerId").isNull()).isTrue();
        ui.visible("claim-lead").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=lead-notice]"), "yours"));
        assertThat(Json.body(server.get("/api/v1/leads/" + id)).path("status").asText()).isEqualTo("WORKING");
    }

    @Test
    @Order(2)
    void claimsALeadFromThePoolAndConvertsIt() throws IOException {
        String company = "Poolside Trading " + RUN;
        String id = createLead("Lin", "Pool" + RUN, company, false,
                ",\"phone\":\"+86 21 " + (RUN % 100_000_000) + "\",\"website\":\"https://poolside.example\","
                        + "\"address\":{\"city\":\"Shanghai\",\"country\":\"CN\"}");
        JsonNode pooled = Json.body(server.get("/api/v1/leads/" + id));
        ui.open("/leads?owner=none&q=pool" + RUN);
        assertThat(browser.findElement(By.cssSelector("[data-testid=view-none]")).getAttribute("aria-current"))
                .isEqualTo("page");
        if (pooled.path("ownerId").isNull() || pooled.path("ownerId").isMissingNode()) {
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("tr[data-lead-id='" + id + "']")));
            row.findElement(By.cssSelector("[data-testid=claim-lead]")).click();
            wait.until(ExpectedConditions.urlContains("#/leads/" + id));
            ui.visible("lead-details");
            assertThat(Json.body(server.get("/api/v1/leads/" + id)).path("ownerId").asText()).isNotBlank();
        }

        ui.open("/leads/" + id);
        ui.visible("convert-lead").click();
        WebElement name = ui.visible("convert-customer-name");
        assertThat(name.getAttribute("value")).isEqualTo(company);
        assertThat(browser.switchTo().activeElement()).isEqualTo(name);
        ui.screenshot("lead-convert");
        ui.visible("wizard-next").click();
        assertThat(ui.visible("convert-contact-last-name").getAttribute("value")).isEqualTo("Pool" + RUN);
        ui.visible("wizard-next").click();
        ui.visible("convert-task").click();
        assertThat(ui.visible("convert-summary").getText()).contains(company);
        ui.visible("wizard-next").click();
        ui.visible("convert-done");
        ui.visible("converted-customer-link").click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), company));

        JsonNode lead = Json.body(server.get("/api/v1/leads/" + id));
        assertThat(lead.path("status").asText()).isEqualTo("CONVERTED");
        assertThat(browser.getCurrentUrl()).endsWith("#/customers/" + lead.path("convertedCustomerId").asText());
    }

    @Test
    @Order(3)
    void managesAssignmentRules() {
        // a region no other test uses, so the rule never takes anyone else's leads while it exists
        String name = "Rule " + RUN;
        String adminId = Json.body(server.get("/api/v1/me")).path("id").asText();
        ui.open("/leads");
        ui.visible("lead-rules-link").click();
        ui.visible("new-rule").click();
        WebElement form = ui.visible("rule-form");
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("region")).sendKeys("Nowhere " + RUN);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=rule-form] [data-error-for=teamId]"))).getText()).contains("team");
        ui.visible("user-search").sendKeys("admin");
        // the results are drawn again as the search runs: click whichever button is there
        new WebDriverWait(browser, WebUi.WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(By.cssSelector("[data-testid=pick-user][data-user-id='" + adminId + "']")).click();
            return true;
        });
        assertThat(ui.visible("rule-users").getText()).isNotBlank();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[@data-testid='lead-rules']//tr[th[contains(., '" + name + "')]]")));
        row.findElement(By.cssSelector("[data-testid=toggle-rule]")).click();
        row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[@data-testid='lead-rules']//tr[contains(@class, 'inactive')][th[contains(., '" + name + "')]]")));
        String ruleId = row.getAttribute("data-rule-id");
        assertThat(Json.body(server.get("/api/v1/lead-assignment-rules/" + ruleId)).path("active").asBoolean()).isFalse();
        row.findElement(By.cssSelector("[data-testid=delete-rule]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-rule-id='" + ruleId + "']")));
        assertThat(server.get("/api/v1/lead-assignment-rules/" + ruleId).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void importsACsvFileWithChineseHeadersThroughTheWizard() throws IOException {
        String prefix = "导入客户" + RUN;
        List<String> lines = new ArrayList<>(List.of("名称,邮箱,电话,城市"));
        for (int i = 1; i <= 20; i++) {
            String email = i == 7 ? "not-an-email" : "buyer" + i + "." + RUN + "@import.example";
            lines.add(prefix + "-" + i + "," + email + ",+86 21 " + (RUN % 10_000_000 + i) + ",上海");
        }
        csv = Files.createTempFile("relata-import-", ".csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);

        ui.open("/import");
        assertThat(ui.navEntry("core.import").getText()).isEqualTo("Import");
        new Select(ui.visible("import-type")).selectByValue("customer");
        new Select(ui.visible("import-encoding")).selectByValue("UTF-8");
        browser.findElement(By.cssSelector("[data-testid=import-file]")).sendKeys(csv.toAbsolutePath().toString());
        ui.visible("import-upload").click();

        ui.visible("mapping-table");
        wait.until(ExpectedConditions.urlMatches("#/import/[0-9a-f-]+$"));
        assertThat(mappingOf("名称")).isEqualTo("name");
        assertThat(mappingOf("邮箱")).isEqualTo("email");
        assertThat(mappingOf("电话")).isEqualTo("phone");
        assertThat(mappingOf("城市")).isEqualTo("address.city");
        ui.screenshot("import-mapping");

        ui.visible("import-dry-run").click();
        ui.visible("dry-run-report");
        WebElement bad = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=issue-row][data-row='8']")));
        assertThat(bad.getText()).contains("email");
        assertThat(count("dry-run-report", "failed")).isEqualTo("1");
        assertThat(count("dry-run-report", "created")).isEqualTo("19");
        assertThat(server.get("/api/v1/customers?limit=50&q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8))
                .body()).as("a dry run writes nothing").doesNotContain(prefix);

        ui.visible("import-run-real").click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=import-result][data-status=IMPORTED]")));
        WebElement progress = result.findElement(By.cssSelector("[data-testid=import-progress]"));
        assertThat(progress.getAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(progress.getAttribute("value")).isEqualTo("100");
        assertThat(count("import-result", "created")).isEqualTo("19");
        assertThat(count("import-result", "failed")).isEqualTo("1");
        ui.visible("issue-row");
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("null");
        ui.screenshot("import-progress");

        JsonNode found = Json.body(server.get("/api/v1/customers?limit=50&q="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8)));
        assertThat(found.path("items")).hasSize(19);
        assertThat(found.path("items").get(0).path("address").path("city").asText()).isEqualTo("上海");

        // coming back to the import's address shows its result again
        String address = browser.getCurrentUrl();
        ui.open("/leads");
        browser.get(address);
        ui.visible("import-result");
        ui.visible("import-list-link").click();
        ui.visible("customers");
    }

    @Test
    @Order(5)
    void fitsAPhoneScreen() {
        Dimension desktop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(390, 844));
            createLead("Phoebe", "Phone" + RUN, "Narrow Screens Ltd", true, "");
            for (String[] page : new String[][] {{"/leads?q=phone" + RUN, "leads"}, {"/import", "upload-form"}}) {
                ui.open(page[0]);
                ui.visible(page[1]);
                Long overflow = (Long) browser.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                // what sticks out (tables scroll inside their own box)
                Object wide = browser.executeScript("const w = document.documentElement.clientWidth;"
                        + "return [...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-scroll')"
                        + " && e.getBoundingClientRect().right > w + 1).slice(0, 10).map((e) => e.tagName + '.'"
                        + " + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(', ');");
                assertThat(overflow).as("no sideways scrolling on " + page[0] + ": " + wide).isLessThanOrEqualTo(0L);
            }
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    private static String mappingOf(String header) {
        return new Select(browser.findElement(By.cssSelector("[data-testid=mapping-select][data-header='" + header + "']")))
                .getFirstSelectedOption().getAttribute("value");
    }

    private static String count(String panel, String name) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "[data-testid=" + panel + "] [data-count=" + name + "]"))).getText();
    }

    private static String createLead(String first, String last, String company, boolean mine, String more) {
        String owner = mine ? ",\"ownerId\":\"" + Json.body(server.get("/api/v1/me")).path("id").asText() + "\"" : "";
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads?allowDuplicate=true"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"firstName\":\"" + first + "\",\"lastName\":\"" + last
                        + "\",\"company\":\"" + company + "\",\"source\":\"web\"" + owner + more + "}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.body(created).path("id").asText();
    }
}
