package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer area in a real browser (see {@link WebUi}): the list's filters and order from the UI and from the
 * URL, the column chooser, bulk tag and release with their outcome, the CSV export link; the 360 page's edit with
 * a field error first, a new contact, the hierarchy and an overview panel; the contacts page and claiming from the
 * public pool.
 */
class WebUiCustomersIT extends BrowserTest {

    private static final long RUN = System.nanoTime();
    private static final String PREFIX = "Custworks " + RUN;
    private static final String ALPHA = PREFIX + " Alpha";
    private static final String BETA = PREFIX + " Beta";
    private static final String GAMMA = PREFIX + " Gamma";
    private static final String CONTACT_LAST = "Contactson" + RUN;

    private static String alphaId;
    private static String betaId;
    private static String gammaId;

    @BeforeAll
    static void shared() {
        alphaId = create("{\"name\":\"" + ALPHA + "\",\"stage\":\"CUSTOMER\",\"industry\":\"retail\"}");
        betaId = create("{\"name\":\"" + BETA + "\",\"stage\":\"PROSPECT\"}");
        gammaId = create("{\"name\":\"" + GAMMA + "\",\"stage\":\"CUSTOMER\",\"parentId\":\"" + alphaId + "\"}");
    }

    private static String create(String json) {
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/v1/customers"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.body(created).path("id").asText();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> listedNames() {
        return browser.findElements(By.cssSelector("[data-testid=customers] [data-testid=customer-link]")).stream()
                .map(WebElement::getText).toList();
    }

    /** The owner's id, null in the pool (the API leaves null members out). */
    private static String owner(String id) {
        JsonNode owner = customer(id).path("ownerId");
        return owner.isNull() || owner.isMissingNode() ? null : owner.asText();
    }

    private static JsonNode customer(String id) {
        return Json.body(server.get("/api/v1/customers/" + id));
    }

    @Test
    @Order(1)
    void filtersAndSortsFromTheUrlAndFromTheForm() throws IOException {
        ui.open("/customers?q=" + encoded(PREFIX) + "&stage=CUSTOMER");
        ui.visible("customers");
        wait.until(driver -> listedNames().size() == 2);
        assertThat(listedNames()).containsExactlyInAnyOrder(ALPHA, GAMMA);
        assertThat(new Select(browser.findElement(By.cssSelector("[data-filter=stage]"))).getFirstSelectedOption()
                .getAttribute("value")).as("the form shows the URL's filter").isEqualTo("CUSTOMER");

        ui.open("/customers");
        WebElement search = ui.visible("customer-search");
        search.sendKeys(PREFIX);
        ui.visible("filters-toggle").click();
        new Select(ui.visible("customer-filters").findElement(By.cssSelector("[data-filter=stage]")))
                .selectByValue("PROSPECT");
        ui.visible("apply-filters").click();
        wait.until(ExpectedConditions.urlContains("stage=PROSPECT"));
        wait.until(driver -> listedNames().equals(List.of(BETA)));
        assertThat(browser.getCurrentUrl()).contains("q=Custworks");
        ui.screenshot("customers");

        ui.open("/customers?q=" + encoded(PREFIX));
        wait.until(driver -> listedNames().size() == 3);
        browser.findElement(By.cssSelector("[data-testid=customers] button[data-sort=name]")).click();
        wait.until(ExpectedConditions.urlContains("sort=name"));
        wait.until(driver -> listedNames().equals(List.of(ALPHA, BETA, GAMMA)));
        assertThat(browser.findElement(By.cssSelector("th[aria-sort=ascending]")).getText()).contains("Name");
        browser.findElement(By.cssSelector("[data-testid=customers] button[data-sort=name]")).click();
        wait.until(ExpectedConditions.urlContains("sort=-name"));
        wait.until(driver -> listedNames().equals(List.of(GAMMA, BETA, ALPHA)));
    }

    @Test
    @Order(2)
    void theColumnChoiceIsKept() {
        try {
            ui.open("/customers?q=" + encoded(PREFIX) + "&sort=name");
            wait.until(driver -> listedNames().size() == 3);
            assertThat(browser.findElements(By.cssSelector("[data-testid=customers] td[data-column=industry]"))).isEmpty();
            ui.visible("columns-button").click();
            WebElement industry = ui.visible("column-chooser").findElement(By.cssSelector("[data-column=industry]"));
            assertThat(browser.switchTo().activeElement().getAttribute("type")).as("focus moves into the chooser")
                    .isEqualTo("checkbox");
            industry.click();
            wait.until(driver -> !browser.findElements(By.cssSelector("[data-testid=customers] td[data-column=industry]"))
                    .isEmpty());
            assertThat(browser.findElement(By.cssSelector("tr[data-id='" + alphaId + "'] td[data-column=industry]"))
                    .getText()).isEqualTo("retail");

            browser.navigate().refresh();
            wait.until(driver -> listedNames().size() == 3);
            assertThat(browser.findElements(By.cssSelector("[data-testid=customers] td[data-column=industry]")))
                    .as("kept in localStorage").isNotEmpty();
        } finally {
            browser.executeScript("localStorage.removeItem('relata.customers.columns');");
        }
    }

    @Test
    @Order(3)
    void tagsAndReleasesTwoCustomersAtOnceAndShowsTheOutcome() {
        String tag = "bulk" + (RUN % 1_000_000);
        ui.open("/customers?q=" + encoded(PREFIX) + "&sort=name");
        wait.until(driver -> listedNames().size() == 3);
        browser.findElement(By.cssSelector("tr[data-id='" + alphaId + "'] [data-testid=select-row]")).click();
        browser.findElement(By.cssSelector("tr[data-id='" + betaId + "'] [data-testid=select-row]")).click();
        assertThat(ui.visible("bulk-count").getText()).isEqualTo("2 selected");

        ui.visible("bulk-tag").click();
        ui.visible("bulk-tag-input").sendKeys(tag);
        ui.visible("bulk-tag-form").findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=bulk-result]"),
                "2 done, 0 failed"));
        assertThat(customer(alphaId).path("tags").toString()).contains(tag);
        assertThat(customer(betaId).path("tags").toString()).contains(tag);
        assertThat(customer(gammaId).path("tags").toString()).doesNotContain(tag);

        ui.visible("bulk-release").click();
        ui.visible("bulk-release-reason").sendKeys("Moved to the partner channel");
        ui.visible("bulk-release-form").findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=bulk-result]"),
                "2 done, 0 failed"));
        assertThat(owner(alphaId)).as("in the pool").isNull();
        assertThat(owner(betaId)).as("in the pool").isNull();

        // the same again: each refused with the server's reason, listed per customer
        ui.visible("bulk-release").click();
        ui.visible("bulk-release-reason").sendKeys("Again");
        ui.visible("bulk-release-form").findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=bulk-result]"),
                "0 done, 2 failed"));
        assertThat(ui.visible("bulk-result").getText()).contains(ALPHA).contains("already in the pool");
    }

    @Test
    @Order(4)
    void theExportLinkAnswersTheFilteredListAsCsv() {
        ui.open("/customers?q=" + encoded(PREFIX) + "&stage=CUSTOMER");
        wait.until(driver -> listedNames().size() == 2);
        URI link = URI.create(ui.visible("export-list").getAttribute("href"));
        assertThat(link.getRawPath()).isEqualTo("/api/v1/customers/export");
        HttpResponse<String> csv = server.get(link.getRawPath() + "?" + link.getRawQuery());
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains(ALPHA).contains(GAMMA).doesNotContain(BETA);
    }

    @Test
    @Order(5)
    void editsTheProfileWithAFieldErrorFirst() throws IOException {
        ui.open("/customers/" + alphaId);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), ALPHA));
        ui.visible("edit-customer").click();
        WebElement form = ui.visible("customer-edit-form");
        WebElement email = form.findElement(By.name("email"));
        email.sendKeys("not-an-email");
        ui.visible("save-customer").click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=customer-edit-form] [data-error-for=email]")));
        assertThat(error.getText()).contains("e-mail");
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");

        email.clear();
        email.sendKeys("buyer@custworks.example");
        form.findElement(By.name("address.city")).sendKeys("Hangzhou");
        ui.visible("save-customer").click();
        ui.visible("customer-notice");
        assertThat(browser.findElement(By.cssSelector(".profile")).getText()).contains("buyer@custworks.example")
                .contains("Hangzhou");
        assertThat(customer(alphaId).path("email").asText()).isEqualTo("buyer@custworks.example");
    }

    @Test
    @Order(6)
    void addsAContact() {
        ui.open("/customers/" + alphaId);
        ui.visible("add-contact").click();
        WebElement form = ui.visible("contact-form");
        form.findElement(By.name("firstName")).sendKeys("Lin");
        form.findElement(By.name("lastName")).sendKeys(CONTACT_LAST);
        form.findElement(By.name("emails")).sendKeys("lin" + RUN + "@custworks.example");
        form.findElement(By.name("primary")).click();
        ui.visible("save-contact").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=contacts]"),
                "Lin " + CONTACT_LAST));
        assertThat(ui.visible("contacts").getText()).contains("Primary");
    }

    @Test
    @Order(7)
    void showsTheHierarchyAndTheOverviewPanels() throws IOException {
        ui.open("/customers/" + gammaId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=parent]"), ALPHA));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=breadcrumb]"), ALPHA));
        browser.findElement(By.cssSelector("[data-testid=parent] a")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), ALPHA));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=children]"), GAMMA));

        WebElement contactsPanel = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=overview-panel][data-panel='core.contacts']")));
        assertThat(contactsPanel.getText()).contains("Contacts").contains(CONTACT_LAST);
        WebElement subCustomers = ui.visible("overview").findElement(
                By.cssSelector("[data-testid=overview-panel][data-panel='core.sub-customers']"));
        assertThat(subCustomers.getText()).contains(GAMMA);
        ui.screenshot("customer");
    }

    @Test
    @Order(8)
    void findsContactsOnTheContactsPage() throws IOException {
        ui.open("/");
        ui.navEntry("core.contacts").click();
        WebElement search = ui.visible("contact-search");
        search.sendKeys(CONTACT_LAST);
        search.submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=contacts-list]"),
                ALPHA));
        WebElement link = browser.findElement(By.cssSelector("[data-testid=contact-link]"));
        assertThat(link.getText()).isEqualTo("Lin " + CONTACT_LAST);
        ui.screenshot("contacts");
        link.click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=customer-name]"), ALPHA));
    }

    @Test
    @Order(9)
    void claimsFromThePoolAndShowsARefusal() throws IOException {
        ui.open("/");
        ui.navEntry("core.pool").click();
        WebElement search = ui.visible("customer-search");
        search.sendKeys(PREFIX);
        ui.visible("apply-filters").click();
        wait.until(ExpectedConditions.urlContains("q=Custworks"));
        WebElement list = ui.visible("pool-list");
        wait.until(driver -> list.getText().contains(ALPHA) && list.getText().contains(BETA));
        assertThat(list.getText()).doesNotContain(GAMMA);
        ui.screenshot("pool");

        browser.findElement(By.cssSelector("tr[data-id='" + betaId + "'] [data-testid=claim]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-id='" + betaId + "'] [data-testid=claimed]")));
        String me = Json.body(server.get("/api/v1/me")).path("id").asText();
        assertThat(customer(betaId).path("ownerId").asText()).isEqualTo(me);

        // someone (here the same admin, through the API) was quicker
        HttpResponse<String> taken = server.send(HttpRequest.newBuilder(
                server.uri("/api/v1/customers/" + alphaId + "/claim")).POST(BodyPublishers.noBody()));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        browser.findElement(By.cssSelector("tr[data-id='" + alphaId + "'] [data-testid=claim]")).click();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-id='" + alphaId + "'] [data-testid=claim-error]")));
        assertThat(refusal.getText()).contains("Not claimed").contains("already own");
    }
}
