package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Customers and contacts on a running server: the REST conventions, duplicates, the hierarchy, the public pool,
 * the audit trail, the recycle bin, events reaching a plugin, and every user seeing exactly the customers their
 * scope allows. Runs after the security contract, whose users it signs in as.
 */
abstract class CustomersContract extends SecurityContract {

    @Test
    @Order(60)
    void customersFollowTheRestConventions() {
        HttpResponse<String> created = server().send(json("POST", "/api/v1/customers", Map.of(
                "name", "Northwind Traders", "email", "Buyer@Northwind.example", "phone", "+1 (206) 555-0100",
                "website", "northwind.example", "address", Map.of("city", "Seattle", "country", "us"),
                "tags", List.of("Wholesale"), "currency", "usd")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode customer = Json.body(created);
        String id = customer.path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue(server().uri("/api/v1/customers/" + id).toString());
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(customer.path("email").asText()).isEqualTo("buyer@northwind.example");
        assertThat(customer.path("address").path("country").asText()).isEqualTo("US");
        assertThat(customer.path("stage").asText()).isEqualTo("PROSPECT");
        assertThat(customer.path("createdAt").asText()).endsWith("Z");

        HttpResponse<String> read = server().get("/api/v1/customers/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");

        HttpResponse<String> changed = server().send(patch("/api/v1/customers/" + id, "\"1\"",
                "{\"stage\":\"CUSTOMER\",\"legalName\":\"Northwind Traders Inc.\"}"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(Json.body(changed).path("stage").asText()).isEqualTo("CUSTOMER");
        assertProblem(server().send(patch("/api/v1/customers/" + id, "\"1\"", "{\"stage\":\"FORMER\"}")), 412,
                "precondition-failed");
        assertProblem(server().send(patch("/api/v1/customers/" + id, null, "{\"stage\":\"FORMER\"}")), 428,
                "precondition-required");
        assertFieldProblem(server().send(patch("/api/v1/customers/" + id, "\"2\"", "{\"name\":null}")), "name");
        assertFieldProblem(server().send(patch("/api/v1/customers/" + id, "\"2\"", "{\"colour\":\"red\"}")), "colour");

        HttpResponse<String> invalid = server().send(json("POST", "/api/v1/customers", Map.of(
                "name", "x".repeat(201), "email", "not-an-address", "stage", "GOLD")));
        assertProblem(invalid, 400, "validation");
        HttpResponse<String> invalidFields = server().send(json("POST", "/api/v1/customers", Map.of(
                "name", "x".repeat(201), "email", "not-an-address", "address", Map.of("country", "XX"))));
        assertThat(Json.body(invalidFields).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("name", "email", "address.country");

        HttpResponse<String> duplicate = server().send(json("POST", "/api/v1/customers", Map.of(
                "name", "NORTHWIND  traders")));
        assertProblem(duplicate, 409, "duplicate");
        assertThat(Json.body(duplicate).path("candidates").findValuesAsText("id")).containsExactly(id);
        HttpResponse<String> allowed = server().send(json("POST", "/api/v1/customers?allowDuplicate=true", Map.of(
                "name", "NORTHWIND  traders")));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);

        JsonNode found = Json.body(server().get("/api/v1/customers?q=555-0100&sort=name"));
        assertThat(found.path("items").findValuesAsText("id")).containsExactly(id);
        assertFieldProblem(server().get("/api/v1/customers?sort=colour"), "sort");
        assertThat(server().get("/api/v1/customers/" + "no-such-id").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(61)
    void customersFormAHierarchyAndHaveContacts() {
        String group = create(Map.of("name", "华润集团"));
        String region = create(Map.of("name", "华润华东", "parentId", group));
        String branch = create(Map.of("name", "华润上海", "parentId", region));

        assertThat(Json.body(server().get("/api/v1/customers/" + group + "/children")).path("items")
                .findValuesAsText("name")).containsExactly("华润华东");
        assertThat(Json.body(server().get("/api/v1/customers/" + branch + "/ancestors")).path("items")
                .findValuesAsText("name")).containsExactly("华润华东", "华润集团");
        assertFieldProblem(server().send(patch("/api/v1/customers/" + group, "*", "{\"parentId\":\"" + branch + "\"}")),
                "parentId");
        assertProblem(server().send(HttpRequest.newBuilder(server().uri("/api/v1/customers/" + region)).DELETE()),
                409, "conflict");

        HttpResponse<String> contact = server().send(json("POST", "/api/v1/contacts", Map.of("customerId", branch,
                "firstName", "娜娜", "lastName", "欧阳", "emails", List.of("Nana@CRC.example"), "primary", true)));
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        assertThat(Json.body(contact).path("emails").get(0).asText()).isEqualTo("nana@crc.example");
        assertFieldProblem(server().send(json("POST", "/api/v1/contacts", Map.of("customerId", branch,
                "emails", List.of("nope")))), "emails[0]");

        assertThat(Json.body(server().get("/api/v1/customers/" + branch + "/contacts")).path("items")
                .findValuesAsText("lastName")).containsExactly("欧阳");
        assertThat(Json.body(server().get("/api/v1/customers?q=" + encode("阳娜"))).path("items")
                .findValuesAsText("name")).as("a customer is found by its contacts' names").containsExactly("华润上海");
        assertThat(Json.body(server().get("/api/v1/contacts?q=nana%40crc")).path("items").findValuesAsText("id"))
                .containsExactly(Json.body(contact).path("id").asText());
    }

    @Test
    @Order(62)
    void thePoolMovesCustomersBetweenRepsAndTheAuditTrailShowsWhy() {
        String ada = server().createToken("a.rep", PASSWORD);
        String bob = server().createToken("b.rep", PASSWORD);
        String carol = server().createToken("c.rep", PASSWORD);
        HttpResponse<String> created = server().as(ada, json("POST", "/api/v1/customers", Map.of("name", "Pool Ltd")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.body(created).path("id").asText();

        assertThat(server().as(bob, post("/api/v1/customers/" + id + "/claim")).statusCode())
                .as("Ada's customer is invisible to Bob").isEqualTo(404);
        assertFieldProblem(server().as(ada, json("POST", "/api/v1/customers/" + id + "/release", Map.of())), "reason");
        HttpResponse<String> released = server().as(ada, json("POST", "/api/v1/customers/" + id + "/release",
                Map.of("reason", "customer moved to Bob's region")));
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(Json.body(released).path("ownerId").isNull()).isTrue();

        assertThat(Json.body(server().as(bob, get("/api/v1/customers?owner=none&limit=200"))).path("items")
                .findValuesAsText("id")).contains(id);
        HttpResponse<String> claimed = server().as(bob, post("/api/v1/customers/" + id + "/claim"));
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        assertProblem(server().as(bob, post("/api/v1/customers/" + id + "/claim")), 409, "not-in-pool");
        assertThat(server().as(ada, get("/api/v1/customers/" + id)).statusCode()).isEqualTo(404);
        assertProblem(server().as(ada, json("POST", "/api/v1/customers/" + id + "/assign", Map.of("ownerId", "x"))),
                403, "forbidden");

        HttpResponse<String> history = server().as(bob, get("/api/v1/audit?recordType=customer&recordId=" + id));
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        JsonNode entries = Json.body(history).path("items");
        assertThat(entries.findValuesAsText("action")).containsExactly("CLAIMED", "RELEASED", "CREATED");
        assertThat(entries.get(1).path("reason").asText()).isEqualTo("customer moved to Bob's region");
        assertThat(entries.get(1).path("actorName").asText()).isEqualTo("a.rep");
        assertThat(entries.get(1).path("changes").get(0).path("field").asText()).isEqualTo("ownerId");
        assertThat(entries.get(0).path("occurredAt").asText()).endsWith("Z");
        assertProblem(server().as(carol, get("/api/v1/audit?recordType=customer&recordId=" + id)), 404, "not-found");
        assertProblem(server().as(carol, get("/api/v1/audit?recordType=customer&recordId=no-such-id")), 404, "not-found");
        assertFieldProblem(server().as(bob, get("/api/v1/audit?recordId=" + id)), "recordType");
    }

    @Test
    @Order(63)
    void deletedCustomersWaitInTheRecycleBinUntilRestored() throws InterruptedException {
        String id = create(Map.of("name", "Binned & Back"));
        String contact = Json.body(server().send(json("POST", "/api/v1/contacts", Map.of("customerId", id,
                "lastName", "Keeper")))).path("id").asText();
        assertThat(server().send(HttpRequest.newBuilder(server().uri("/api/v1/customers/" + id)).DELETE())
                .statusCode()).isEqualTo(204);
        assertThat(server().get("/api/v1/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(server().get("/api/v1/contacts/" + contact).statusCode()).as("hidden with its customer")
                .isEqualTo(404);

        JsonNode bin = Json.body(server().get("/api/v1/recycle-bin?recordType=customer&limit=200"));
        String entry = null;
        for (JsonNode item : bin.path("items")) {
            if (item.path("recordId").asText().equals(id)) {
                entry = item.path("id").asText();
                assertThat(item.path("label").asText()).isEqualTo("Binned & Back");
                assertThat(item.path("deletedBy").asText()).isEqualTo("admin");
            }
        }
        assertThat(entry).as("the bin lists the customer").isNotNull();
        HttpResponse<String> restored = server().send(post("/api/v1/recycle-bin/" + entry + "/restore"));
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(server().get("/api/v1/customers/" + id).statusCode()).isEqualTo(200);
        assertThat(server().get("/api/v1/contacts/" + contact).statusCode()).isEqualTo(200);
        assertThat(Json.body(server().get("/api/v1/audit?recordType=customer&recordId=" + id)).path("items")
                .findValuesAsText("action")).containsExactly("RESTORED", "DELETED", "CREATED");
        assertProblem(server().send(post("/api/v1/recycle-bin/" + entry + "/restore")), 404, "not-found");

        // the example plugin follows customer events, after each commit
        awaitJson("/api/v1/hello/events", events -> {
            List<String> seen = new ArrayList<>();
            for (JsonNode event : events.path("items")) {
                if (id.equals(event.path("customerId").asText())) {
                    seen.add(event.path("topic").asText());
                }
            }
            return seen.containsAll(List.of("customer.created", "customer.deleted", "customer.restored"));
        });
    }

    /**
     * The users of the security contract's matrix each create a customer; one sits in the pool. Everyone sees
     * exactly what their scope allows, plus the pool unless they are a partner user, in lists, reads, changes,
     * deletes and claims.
     */
    @Test
    @Order(64)
    void everyUserSeesExactlyTheCustomersTheirScopeAllows() {
        List<String> writers = List.of("m.manager", "a.rep", "b.rep", "c.rep");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : List.of("m.manager", "a.rep", "b.rep", "c.rep", "s.agent", "p1.acme", "auditor", "cn.lead")) {
            tokens.put(user, server().createToken(user, PASSWORD));
        }
        Map<String, String> customerIds = new LinkedHashMap<>();
        for (String user : writers) {
            HttpResponse<String> created = server().as(tokens.get(user), json("POST", "/api/v1/customers",
                    Map.of("name", "scoped " + user)));
            assertThat(created.statusCode()).as(user + ": " + created.body()).isEqualTo(201);
            customerIds.put(user, Json.body(created).path("id").asText());
        }
        String pooled = create(Map.of("name", "scoped pool"));
        assertThat(server().send(json("POST", "/api/v1/customers/" + pooled + "/release",
                Map.of("reason", "for everyone"))).statusCode()).isEqualTo(200);
        customerIds.put("pool", pooled);

        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("a.rep", Set.of("a.rep", "pool"));
        expected.put("b.rep", Set.of("b.rep", "pool"));
        expected.put("m.manager", Set.of("m.manager", "a.rep", "b.rep", "pool"));
        expected.put("s.agent", Set.of("a.rep", "b.rep", "pool"));
        expected.put("c.rep", Set.of("c.rep", "pool"));
        expected.put("p1.acme", Set.of());
        expected.put("auditor", Set.of("m.manager", "a.rep", "b.rep", "c.rep", "pool"));

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, Set<String>> viewer : expected.entrySet()) {
            String token = tokens.get(viewer.getKey());
            Set<String> listed = new TreeSet<>();
            HttpResponse<String> list = server().as(token, get("/api/v1/customers?q=scoped&limit=200"));
            assertThat(list.statusCode()).as(viewer.getKey() + ": " + list.body()).isEqualTo(200);
            for (JsonNode item : Json.body(list).path("items")) {
                listed.add(item.path("name").asText().substring("scoped ".length()));
            }
            if (!listed.equals(new TreeSet<>(viewer.getValue()))) {
                leaks.add(viewer.getKey() + " lists " + listed + ", expected " + new TreeSet<>(viewer.getValue()));
            }
            for (Map.Entry<String, String> customer : customerIds.entrySet()) {
                String path = "/api/v1/customers/" + customer.getValue();
                int status = server().as(token, get(path)).statusCode();
                int wanted = viewer.getValue().contains(customer.getKey()) ? 200 : 404;
                if (status != wanted) {
                    leaks.add(viewer.getKey() + " reads " + customer.getKey() + "'s customer: " + status);
                }
                if (wanted == 404) {
                    int changed = server().as(token, json("PATCH", path, Map.of("legalName", "hijacked"))).statusCode();
                    int deleted = server().as(token, HttpRequest.newBuilder(server().uri(path)).DELETE()).statusCode();
                    int audit = server().as(token, get("/api/v1/audit?recordType=customer&recordId="
                            + customer.getValue())).statusCode();
                    if (!Set.of(403, 404).contains(changed) || !Set.of(403, 404).contains(deleted) || audit != 404) {
                        leaks.add(viewer.getKey() + " changes/deletes/audits " + customer.getKey() + "'s: " + changed
                                + "/" + deleted + "/" + audit);
                    }
                }
            }
        }
        assertThat(leaks).as("scope violations").isEmpty();
        assertProblem(server().as(tokens.get("cn.lead"), get("/api/v1/customers")), 403, "forbidden");
        assertProblem(server().as(tokens.get("auditor"), json("POST", "/api/v1/customers", Map.of("name", "ro"))),
                403, "forbidden");
        assertProblem(server().as(tokens.get("p1.acme"), post("/api/v1/customers/" + pooled + "/claim")), 403,
                "forbidden");
        assertThat(server().get("/api/v1/customers?q=scoped&limit=200").body()).doesNotContain("hijacked");
    }

    @Test
    @Order(65)
    void leadsAreAssignedByRulesAndConvertedOnce() throws java.io.IOException {
        String annId = userId("a.rep");
        String ann = server().createToken("a.rep", PASSWORD);
        String ben = server().createToken("b.rep", PASSWORD);
        HttpResponse<String> rule = server().send(json("POST", "/api/v1/lead-assignment-rules", Map.of(
                "name", "trade shows to Ann", "position", 1, "source", "trade-show", "userIds", List.of(annId),
                "maxOpenPerUser", 100)));
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        assertFieldProblem(server().send(json("POST", "/api/v1/lead-assignment-rules", Map.of("name", "no one"))),
                "teamId");

        assertFieldProblem(server().send(json("POST", "/api/v1/leads", Map.of("lastName", "Bad", "source",
                "billboard"))), "source");
        HttpResponse<String> created = server().send(json("POST", "/api/v1/leads", Map.of("firstName", "娜娜",
                "lastName", "欧阳", "company", "Canton Fair Visitor Co", "email", "nana@visitor.example",
                "source", "trade-show", "address", Map.of("city", "广州", "country", "CN"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode lead = Json.body(created);
        String leadId = lead.path("id").asText();
        assertThat(lead.path("ownerId").asText()).as("the rule gave it to Ann").isEqualTo(annId);
        assertThat(server().as(ben, get("/api/v1/leads/" + leadId)).statusCode()).isEqualTo(404);
        assertProblem(server().send(json("POST", "/api/v1/leads", Map.of("lastName", "Other",
                "email", "NANA@visitor.example"))), 409, "duplicate");

        HttpResponse<String> converted = server().as(ann, json("POST", "/api/v1/leads/" + leadId + "/convert",
                Map.of()));
        assertThat(converted.statusCode()).as(converted.body()).isEqualTo(200);
        JsonNode result = Json.body(converted);
        String customerId = result.path("customer").path("id").asText();
        assertThat(result.path("lead").path("status").asText()).isEqualTo("CONVERTED");
        assertThat(result.path("customer").path("name").asText()).isEqualTo("Canton Fair Visitor Co");
        assertThat(result.path("contact").path("customerId").asText()).isEqualTo(customerId);
        assertThat(server().as(ann, get("/api/v1/customers/" + customerId)).statusCode()).isEqualTo(200);
        assertProblem(server().as(ann, json("POST", "/api/v1/leads/" + leadId + "/convert", Map.of())), 409,
                "converted");
        assertThat(Json.body(server().as(ann, get("/api/v1/audit?recordType=lead&recordId=" + leadId)))
                .path("items").findValuesAsText("action")).containsExactly("CONVERTED", "ASSIGNED", "CREATED");

        HttpResponse<String> pooled = server().send(json("POST", "/api/v1/leads", Map.of("lastName", "Walk-in",
                "source", "web")));
        String pooledId = Json.body(pooled).path("id").asText();
        assertThat(Json.body(pooled).path("ownerId").isNull()).as("no rule for web leads: the pool").isTrue();
        assertThat(Json.body(server().as(ben, get("/api/v1/leads?owner=none&limit=200"))).path("items")
                .findValuesAsText("id")).contains(pooledId);
        assertThat(server().as(ben, post("/api/v1/leads/" + pooledId + "/claim")).statusCode()).isEqualTo(200);
        assertProblem(server().as(ann, post("/api/v1/leads/assign")), 403, "forbidden");
        assertThat(server().send(post("/api/v1/leads/assign?dryRun=true")).statusCode()).isEqualTo(200);
        RelataServer.ConsoleResult console = server().console("relata:lead-assign --dry-run");
        assertThat(console.exitStatus()).as(console.all()).isZero();
        assertThat(console.out()).contains("Dry run");
    }

    @Test
    @Order(66)
    void duplicatesMergeIntoASurvivorWithTheirContacts() {
        String survivor = create(Map.of("name", "Merge Survivor Ltd"));
        String duplicate = create(Map.of("name", "Merge Survivor Limited", "email", "hello@survivor.example"));
        String contact = Json.body(server().send(json("POST", "/api/v1/contacts", Map.of("customerId", duplicate,
                "lastName", "Mover")))).path("id").asText();

        assertFieldProblem(server().send(json("POST", "/api/v1/customers/" + survivor + "/merge",
                Map.of("duplicateId", survivor))), "duplicateId");
        HttpResponse<String> merged = server().send(json("POST", "/api/v1/customers/" + survivor + "/merge",
                Map.of("duplicateId", duplicate)));
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(Json.body(merged).path("email").asText()).isEqualTo("hello@survivor.example");

        HttpResponse<String> gone = server().get("/api/v1/customers/" + duplicate);
        assertProblem(gone, 404, "merged");
        assertThat(Json.body(gone).path("mergedInto").asText()).isEqualTo(survivor);
        assertThat(Json.body(server().get("/api/v1/contacts/" + contact)).path("customerId").asText())
                .isEqualTo(survivor);
        assertThat(Json.body(server().get("/api/v1/audit?recordType=customer&recordId=" + survivor)).path("items")
                .get(0).path("action").asText()).isEqualTo("MERGED");
        String rep = server().createToken("a.rep", PASSWORD);
        assertProblem(server().as(rep, json("POST", "/api/v1/customers/" + survivor + "/merge",
                Map.of("duplicateId", duplicate))), 403, "forbidden");
    }

    @Test
    @Order(67)
    void customFieldsAreValidatedReturnedFilteredAndRolledUpInThe360View() {
        HttpResponse<String> defined = server().send(json("POST", "/api/v1/custom-fields", Map.of(
                "recordType", "customer", "key", "region", "type", "PICKLIST",
                "labels", Map.of("en", "Region", "zh-CN", "区域"),
                "options", List.of(Map.of("key", "north", "labels", Map.of("en", "North")),
                        Map.of("key", "south", "labels", Map.of("en", "South"))))));
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        assertThat(server().send(json("POST", "/api/v1/custom-fields", Map.of("recordType", "customer",
                "key", "employees", "type", "INTEGER", "labels", Map.of("en", "Employees")))).statusCode())
                .isEqualTo(201);

        HttpResponse<String> bad = server().send(json("POST", "/api/v1/customers", Map.of("name", "Custom Bad",
                "customFields", Map.of("region", "west", "employees", "many", "colour", "red"))));
        assertProblem(bad, 400, "validation");
        assertThat(Json.body(bad).path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "customFields.region", "customFields.employees", "customFields.colour");

        String group = create(Map.of("name", "Custom Group", "customFields", Map.of("region", "north",
                "employees", 1200)));
        JsonNode read = Json.body(server().get("/api/v1/customers/" + group));
        assertThat(read.path("customFields").path("region").asText()).isEqualTo("north");
        assertThat(read.path("customFields").path("employees").asLong()).isEqualTo(1200);
        String member = create(Map.of("name", "Custom Member", "parentId", group,
                "customFields", Map.of("region", "south")));
        assertThat(Json.body(server().get("/api/v1/customers?cf.region=north&q=custom")).path("items")
                .findValuesAsText("id")).containsExactly(group);
        assertFieldProblem(server().get("/api/v1/customers?cf.colour=red"), "cf.colour");

        HttpResponse<String> patched = server().send(patch("/api/v1/customers/" + member, "*",
                "{\"customFields\":{\"region\":null,\"employees\":\"15\"}}"));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(Json.body(patched).path("customFields").has("region")).isFalse();
        assertThat(Json.body(patched).path("customFields").path("employees").asLong()).isEqualTo(15);
        assertThat(Json.body(server().get("/api/v1/audit?recordType=customer&recordId=" + member)).path("items")
                .get(0).path("changes").findValuesAsText("field")).contains("cf.region", "cf.employees");

        JsonNode overview = Json.body(server().get("/api/v1/customers/" + group + "/overview"));
        assertThat(overview.path("rollup").path("customers").asInt()).as(overview.toString()).isEqualTo(2);
    }

    /** The same scope matrix for leads: partner users register their own, and never see the pool. */
    @Test
    @Order(68)
    void everyUserSeesExactlyTheLeadsTheirScopeAllows() {
        List<String> writers = List.of("m.manager", "a.rep", "b.rep", "c.rep", "p1.acme", "p3.globex");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : List.of("m.manager", "a.rep", "b.rep", "c.rep", "p1.acme", "p2.acme", "p3.globex",
                "auditor", "s.agent")) {
            tokens.put(user, server().createToken(user, PASSWORD));
        }
        Map<String, String> leadIds = new LinkedHashMap<>();
        for (String user : writers) {
            HttpResponse<String> created = server().as(tokens.get(user), json("POST", "/api/v1/leads",
                    Map.of("lastName", "scoped " + user, "ownerId", userId(user))));
            assertThat(created.statusCode()).as(user + ": " + created.body()).isEqualTo(201);
            leadIds.put(user, Json.body(created).path("id").asText());
        }
        HttpResponse<String> pooled = server().send(json("POST", "/api/v1/leads", Map.of("lastName", "scoped pool")));
        leadIds.put("pool", Json.body(pooled).path("id").asText());

        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("a.rep", Set.of("a.rep", "pool"));
        expected.put("b.rep", Set.of("b.rep", "pool"));
        expected.put("m.manager", Set.of("m.manager", "a.rep", "b.rep", "pool"));
        expected.put("c.rep", Set.of("c.rep", "pool"));
        expected.put("p1.acme", Set.of("p1.acme"));
        expected.put("p2.acme", Set.of("p1.acme"));
        expected.put("p3.globex", Set.of("p3.globex"));
        expected.put("auditor", Set.of("m.manager", "a.rep", "b.rep", "c.rep", "p1.acme", "p3.globex", "pool"));

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, Set<String>> viewer : expected.entrySet()) {
            String token = tokens.get(viewer.getKey());
            Set<String> listed = new TreeSet<>();
            for (JsonNode item : Json.body(server().as(token, get("/api/v1/leads?q=scoped&limit=200"))).path("items")) {
                listed.add(item.path("lastName").asText().substring("scoped ".length()));
            }
            if (!listed.equals(new TreeSet<>(viewer.getValue()))) {
                leaks.add(viewer.getKey() + " lists " + listed + ", expected " + new TreeSet<>(viewer.getValue()));
            }
            for (Map.Entry<String, String> lead : leadIds.entrySet()) {
                int status = server().as(token, get("/api/v1/leads/" + lead.getValue())).statusCode();
                int wanted = viewer.getValue().contains(lead.getKey()) ? 200 : 404;
                if (status != wanted) {
                    leaks.add(viewer.getKey() + " reads " + lead.getKey() + "'s lead: " + status);
                }
            }
        }
        assertThat(leaks).as("scope violations").isEmpty();
        assertProblem(server().as(tokens.get("s.agent"), get("/api/v1/leads")), 403, "forbidden");
        assertProblem(server().as(tokens.get("p1.acme"), post("/api/v1/leads/" + leadIds.get("pool") + "/claim")),
                404, "not-found");
    }

    @Test
    @Order(69)
    void activitiesLinkToCustomersAndContactsAndFillTheTimeline() {
        String customer = create(Map.of("name", "Timeline Trading"));
        String contact = Json.body(server().send(json("POST", "/api/v1/contacts", Map.of("customerId", customer,
                "lastName", "Caller")))).path("id").asText();
        HttpResponse<String> call = server().send(json("POST", "/api/v1/activities", Map.of("type", "CALL",
                "subject", "Pricing call", "direction", "OUT", "startAt", "2026-11-01T02:00:00Z",
                "endAt", "2026-11-01T02:25:00Z", "status", "DONE",
                "links", List.of(Map.of("recordType", "customer", "recordId", customer)))));
        assertThat(call.statusCode()).as(call.body()).isEqualTo(201);
        assertThat(Json.body(call).path("durationMinutes").asInt()).isEqualTo(25);
        HttpResponse<String> note = server().send(json("POST", "/api/v1/activities", Map.of("type", "NOTE",
                "subject", "Prefers WeChat", "startAt", "2026-11-02T02:00:00Z",
                "links", List.of(Map.of("recordType", "contact", "recordId", contact)))));
        assertThat(note.statusCode()).as(note.body()).isEqualTo(201);

        assertFieldProblem(server().send(json("POST", "/api/v1/activities", Map.of("type", "NOTE", "subject", "x",
                "links", List.of(Map.of("recordType", "spaceship", "recordId", customer))))), "links[0].recordType");
        assertFieldProblem(server().send(json("POST", "/api/v1/activities", Map.of("type", "NOTE", "subject", "x",
                "links", List.of(Map.of("recordType", "customer", "recordId", "no-such-customer"))))),
                "links[0].recordId");

        JsonNode timeline = Json.body(server().get("/api/v1/customers/" + customer + "/timeline"));
        assertThat(timeline.path("items").findValuesAsText("title")).as(timeline.toString())
                .containsExactly("Prefers WeChat", "Pricing call");
        assertThat(server().as(server().createToken("c.rep", PASSWORD),
                get("/api/v1/customers/" + customer + "/timeline")).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(70)
    void csvImportsRunAsJobsReportBadRowsAndExportsStream() throws InterruptedException {
        String csv = "\uFEFF名称,邮箱,电话\n"
                + "导入客户一,one@import.example,010 1111 2222\n"
                + ",missing@import.example,\n"
                + "导入客户二,not-an-address,\n"
                + "导入客户三,three@import.example,\n";
        HttpResponse<String> uploaded = server().send(HttpRequest.newBuilder(server().uri(
                "/api/v1/imports?recordType=customer&encoding=UTF-8"))
                .header("Content-Type", "text/csv").POST(BodyPublishers.ofString(csv)));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode upload = Json.body(uploaded);
        assertThat(upload.path("suggestedMapping").path("名称").asText()).isEqualTo("name");
        String importId = upload.path("id").asText();

        HttpResponse<String> started = server().send(json("POST", "/api/v1/imports/" + importId + "/start",
                Map.of("dryRun", false, "duplicates", "skip")));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String jobId = Json.body(started).path("id").asText();
        JsonNode job = awaitJson("/api/v1/jobs/" + jobId, status -> status.path("state").asText().equals("SUCCEEDED")
                || status.path("state").asText().equals("FAILED"));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");

        JsonNode errors = Json.body(server().get("/api/v1/imports/" + importId + "/errors"));
        assertThat(errors.path("items").findValuesAsText("row")).containsExactly("3", "4");
        assertThat(errors.path("items").findValuesAsText("field")).containsExactly("name", "email");
        assertThat(Json.body(server().get("/api/v1/customers?sort=name&q=" + encode("导入客户"))).path("items")
                .findValuesAsText("name")).containsExactly("导入客户一", "导入客户三");

        HttpResponse<String> export = server().get("/api/v1/customers/export?sort=name&q=" + encode("导入客户"));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/csv"));
        assertThat(export.body().lines().count()).as(export.body()).isEqualTo(3);
        assertThat(export.body()).contains("导入客户一").contains("one@import.example");
        String rep = server().createToken("a.rep", PASSWORD);
        assertProblem(server().as(rep, get("/api/v1/customers/export")), 403, "forbidden");
    }

    @Test
    @Order(71)
    void aLargeCustomerImportWritesBatchesTogetherAndStillFindsDuplicatesBetweenThem() throws InterruptedException {
        // three batches of 200 and a bit: the server writes two at a time (import.writers = 2); row 452 repeats
        // row 12's e-mail, in a batch that may be written while row 12's is
        StringBuilder csv = new StringBuilder("Name,Email\n");
        for (int i = 0; i < 650; i++) {
            int mail = i == 450 ? 10 : i;
            csv.append("批量导入 ").append(i).append(",bulk").append(mail).append("@import.example\n");
        }
        HttpResponse<String> uploaded = server().send(HttpRequest.newBuilder(server().uri(
                "/api/v1/imports?recordType=customer")).header("Content-Type", "text/csv; charset=UTF-8")
                .POST(BodyPublishers.ofString(csv.toString())));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String importId = Json.body(uploaded).path("id").asText();

        HttpResponse<String> started = server().send(json("POST", "/api/v1/imports/" + importId + "/start",
                Map.of("dryRun", false, "duplicates", "skip")));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = awaitJson("/api/v1/jobs/" + Json.body(started).path("id").asText(), status -> status.path(
                "state").asText().equals("SUCCEEDED") || status.path("state").asText().equals("FAILED"));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(List.of(job.path("processed").asLong(), job.path("succeeded").asLong(), job.path("failed")
                .asLong())).as(job.toString()).containsExactly(650L, 650L, 0L);
        JsonNode imported = Json.body(server().get("/api/v1/imports/" + importId));
        assertThat(imported.path("counts").path("created").asLong()).as(imported.toString()).isEqualTo(649);
        assertThat(imported.path("counts").path("skipped").asLong()).as(imported.toString()).isEqualTo(1);
        JsonNode issues = Json.body(server().get("/api/v1/imports/" + importId + "/errors")).path("items");
        assertThat(issues.findValuesAsText("row")).containsExactly("452");
        assertThat(issues.findValuesAsText("kind")).containsExactly("skipped");

        // the writers' threads act for the importer: the rows are the admin's, with the admin's audit entries
        JsonNode found = Json.body(server().get("/api/v1/customers?q=" + encode("批量导入 449"))).path("items");
        assertThat(found.findValuesAsText("name")).containsExactly("批量导入 449");
        String id = found.get(0).path("id").asText();
        assertThat(found.get(0).path("ownerId").asText()).isEqualTo(userId("admin"));
        JsonNode history = Json.body(server().get("/api/v1/audit?recordType=customer&recordId=" + id))
                .path("items");
        assertThat(history.findValuesAsText("action")).as(history.toString()).containsExactly("CREATED");
        assertThat(history.findValuesAsText("actorId")).as(history.toString()).containsExactly(userId("admin"));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Creates a customer as the administrator; @return its id */
    protected String create(Map<String, Object> fields) {
        HttpResponse<String> created = server().send(json("POST", "/api/v1/customers?allowDuplicate=true", fields));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.body(created).path("id").asText();
    }

    protected String userId(String username) {
        for (JsonNode user : Json.body(server().get("/api/v1/admin/users?q=" + username)).path("items")) {
            if (user.path("username").asText().equals(username)) {
                return user.path("id").asText();
            }
        }
        throw new AssertionError("no user " + username);
    }

    protected HttpRequest.Builder patch(String path, String ifMatch, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server().uri(path))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", BodyPublishers.ofString(body));
        return ifMatch == null ? request : request.header("If-Match", ifMatch);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
