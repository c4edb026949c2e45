package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tasks, reminders, notifications, schedules, calendar feeds and work summaries on a running server. Runs after
 * the customers contract, whose users it signs in as.
 */
abstract class ActivitiesContract extends CustomersContract {

    /** Reminders and overdue tasks are announced by a job that runs every minute. */
    private static final Duration ANNOUNCED_WITHIN = Duration.ofSeconds(90);

    private static Map<String, Object> link(String recordType, String recordId) {
        return Map.of("recordType", recordType, "recordId", recordId);
    }

    @Test
    @Order(80)
    void tasksTakeLocalTimesRecurAndRemindTheirOwnerOnce() throws Exception {
        String customer = create(Map.of("name", "Reminder Trading"));
        HttpResponse<String> shanghai = server().send(json("POST", "/api/v1/activities", Map.of("type", "TASK",
                "subject", "Monthly report", "dueLocal", "2027-01-31T09:00", "timeZone", "Asia/Shanghai",
                "recurrence", Map.of("frequency", "MONTHLY"), "links", List.of(link("customer", customer)))));
        assertThat(shanghai.statusCode()).as(shanghai.body()).isEqualTo(201);
        JsonNode monthly = Json.body(shanghai);
        assertThat(monthly.path("dueAt").asText()).isEqualTo("2027-01-31T01:00:00Z");
        assertThat(monthly.path("timeZone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(monthly.path("recurrence").path("interval").asInt()).isEqualTo(1);

        HttpResponse<String> done = server().send(patch("/api/v1/activities/" + monthly.path("id").asText(), "\"1\"",
                "{\"status\":\"DONE\"}"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonNode open = Json.body(server().get("/api/v1/me/tasks?limit=200"));
        assertThat(open.path("items").findValuesAsText("dueAt")).as(open.toString()).contains("2027-02-28T01:00:00Z");

        assertFieldProblem(server().send(json("POST", "/api/v1/activities", Map.of("type", "TASK", "subject", "x",
                "dueLocal", "2027-01-31T09:00", "timeZone", "Mars/Olympus",
                "links", List.of(link("customer", customer))))), "timeZone");
        assertFieldProblem(server().get("/api/v1/me/tasks?status=LATE"), "status");

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> soon = server().send(json("POST", "/api/v1/activities", Map.of("type", "TASK",
                "subject", "Call back about the renewal", "dueAt", now.plusSeconds(3).toString(),
                "reminderAt", now.plusSeconds(2).toString(), "links", List.of(link("customer", customer)))));
        assertThat(soon.statusCode()).as(soon.body()).isEqualTo(201);
        String taskId = Json.body(soon).path("id").asText();

        JsonNode notifications = awaitJson("/api/v1/me/notifications?limit=200", body -> {
            List<String> kinds = body.path("items").findValuesAsText("kind");
            return kinds.contains("activity.reminder") && kinds.contains("task.overdue");
        }, ANNOUNCED_WITHIN);
        long aboutTheTask = 0;
        for (JsonNode notification : notifications.path("items")) {
            if (notification.path("recordId").asText().equals(taskId)) {
                aboutTheTask++;
            }
        }
        assertThat(aboutTheTask).as("one reminder and one overdue notice").isEqualTo(2);
        assertThat(Json.body(server().get("/api/v1/me/tasks?overdue=true&limit=200")).path("items")
                .findValuesAsText("id")).contains(taskId);

        RelataServer.ConsoleResult tasks = server().console("relata:tasks --overdue");
        assertThat(tasks.all()).contains("Call back about the renewal", "OVERDUE");
        RelataServer.ConsoleResult logged = server().console("relata:activity-log --customer=" + customer
                + " --type=note --subject=\"Logged from the shell\"");
        assertThat(logged.all()).contains("Logged note");
        assertThat(server().console("relata:activity-log --customer=" + customer + " --type=spaceship --subject=x")
                .all()).contains("--type must be one of");

        JsonNode overview = Json.body(server().get("/api/v1/customers/" + customer + "/overview"));
        JsonNode openTasks = panel(overview, "core.open-tasks");
        assertThat(openTasks.toString()).contains("Call back about the renewal");
        assertThat(panel(overview, "core.recent-timeline").toString()).contains("Logged from the shell");
    }

    @Test
    @Order(81)
    void mergingACustomerMovesItsActivities() {
        String survivor = create(Map.of("name", "Activity Survivor"));
        String duplicate = create(Map.of("name", "Activity Duplicate"));
        HttpResponse<String> call = server().send(json("POST", "/api/v1/activities", Map.of("type", "CALL",
                "subject", "Call before the merge", "startAt", "2026-11-03T02:00:00Z", "status", "DONE",
                "links", List.of(link("customer", duplicate)))));
        assertThat(call.statusCode()).as(call.body()).isEqualTo(201);

        HttpResponse<String> merged = server().send(json("POST", "/api/v1/customers/" + survivor + "/merge",
                Map.of("duplicateId", duplicate)));
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);

        JsonNode timeline = Json.body(server().get("/api/v1/customers/" + survivor + "/timeline"));
        assertThat(timeline.path("items").findValuesAsText("title")).contains("Call before the merge");
        assertThat(Json.body(server().get("/api/v1/activities/" + Json.body(call).path("id").asText()))
                .path("links").findValuesAsText("recordId")).containsExactly(survivor);
    }

    @Test
    @Order(82)
    void notificationsAreReadAndDeletedByTheirRecipientAlone() {
        JsonNode mine = Json.body(server().get("/api/v1/me/notifications?unread=true&limit=200"));
        assertThat(mine.path("items").size()).as("announced in order 80").isGreaterThanOrEqualTo(2);
        String first = mine.path("items").get(0).path("id").asText();
        long unread = Json.body(server().get("/api/v1/me/notifications/unread-count")).path("unread").asLong();

        String rep = server().createToken("a.rep", PASSWORD);
        assertProblem(server().as(rep, post("/api/v1/me/notifications/" + first + "/read")), 404, "not-found");
        assertProblem(server().as(rep, delete("/api/v1/me/notifications/" + first)),
                404, "not-found");
        assertFieldProblem(server().get("/api/v1/me/notifications?unread=yes"), "unread");

        assertThat(server().send(post("/api/v1/me/notifications/" + first + "/read")).statusCode()).isEqualTo(204);
        assertThat(Json.body(server().get("/api/v1/me/notifications/" + first)).path("readAt").asText()).endsWith("Z");
        assertThat(Json.body(server().get("/api/v1/me/notifications/unread-count")).path("unread").asLong())
                .isEqualTo(unread - 1);
        assertThat(Json.body(server().send(post("/api/v1/me/notifications/read-all"))).path("marked").asLong())
                .isEqualTo(unread - 1);
        assertThat(server().send(delete("/api/v1/me/notifications/" + first))
                .statusCode()).isEqualTo(204);
        assertThat(server().get("/api/v1/me/notifications/" + first).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(83)
    void theScheduleCalendarFeedAndWorkSummaryShowTheWeek() throws Exception {
        String customer = create(Map.of("name", "Calendar Trading"));
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        HttpResponse<String> meeting = server().send(json("POST", "/api/v1/activities", Map.of("type", "MEETING",
                "subject", "Quarterly review, 季度回顾; agenda", "startAt", start.toString(),
                "endAt", start.plus(Duration.ofHours(1)).toString(), "reminderAt", start.minusSeconds(900).toString(),
                "links", List.of(link("customer", customer)))));
        assertThat(meeting.statusCode()).as(meeting.body()).isEqualTo(201);
        String meetingId = Json.body(meeting).path("id").asText();

        JsonNode schedule = Json.body(server().get("/api/v1/me/schedule?from=" + start.minus(Duration.ofHours(1))
                + "&to=" + start.plus(Duration.ofHours(3))));
        assertThat(schedule.path("items").findValuesAsText("id")).as(schedule.toString()).contains(meetingId);
        assertFieldProblem(server().get("/api/v1/me/schedule?from=2026-01-01&to=2026-12-31"), "to");

        HttpResponse<String> created = server().send(post("/api/v1/me/calendar-feed"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String url = Json.body(created).path("url").asText();
        String path = url.substring(url.indexOf("/api/v1/"));
        HttpResponse<String> feed = server().anonymous(get(path));
        assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/calendar"));
        assertThat(feed.body()).startsWith("BEGIN:VCALENDAR\r\n").contains("UID:" + meetingId + "@relata",
                "SUMMARY:Quarterly review\\, 季度回顾\\; agenda", "BEGIN:VALARM");
        assertThat(server().send(delete("/api/v1/me/calendar-feed")).statusCode()).isEqualTo(204);
        assertProblem(server().anonymous(get(path)), 404, "not-found");

        JsonNode week = Json.body(server().get("/api/v1/me/work-summary?period=week&zone=Asia/Shanghai"));
        assertThat(week.path("timeZone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(week.has("countsByType")).as(week.toString()).isTrue();
        assertFieldProblem(server().get("/api/v1/me/work-summary?period=year"), "period");
        String rep = server().createToken("a.rep", PASSWORD);
        String otherRep = userId("b.rep");
        assertThat(server().as(rep, get("/api/v1/users/" + otherRep + "/work-summary?period=day")).statusCode())
                .as("outside a rep's scope").isEqualTo(404);
        assertThat(server().get("/api/v1/users/" + otherRep + "/work-summary?period=day").statusCode())
                .as("the administrator sees everyone").isEqualTo(200);
    }

    @Test
    @Order(84)
    void ownersAreToldOfTheirContactsBirthdaysOnce() throws Exception {
        String customer = create(Map.of("name", "Birthday Trading"));
        java.time.LocalDate soon = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2);
        String birthday = soon.withYear(1988).toString(); // a leap year: 29 February exists
        HttpResponse<String> contact = server().send(json("POST", "/api/v1/contacts", Map.of("customerId", customer,
                "firstName", "Lei", "lastName", "Li", "birthday", birthday)));
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        String contactId = Json.body(contact).path("id").asText();

        assertThat(server().console("relata:birthdays --dry-run").all()).contains("would notify");
        assertThat(birthdayNotices(contactId)).isZero();
        assertThat(server().console("relata:birthdays").all()).contains("notified");
        assertThat(server().console("relata:birthdays").all()).contains("already notified");
        assertThat(birthdayNotices(contactId)).isEqualTo(1);
    }

    private long birthdayNotices(String contactId) {
        long count = 0;
        for (JsonNode notification : Json.body(server().get("/api/v1/me/notifications?limit=200")).path("items")) {
            if (notification.path("kind").asText().equals("contact.birthday")
                    && notification.path("recordId").asText().equals(contactId)) {
                count++;
            }
        }
        return count;
    }

    private java.net.http.HttpRequest.Builder delete(String path) {
        return java.net.http.HttpRequest.newBuilder(server().uri(path)).DELETE();
    }

    private static JsonNode panel(JsonNode overview, String id) {
        for (JsonNode panel : overview.path("panels")) {
            if (panel.path("id").asText().equals(id)) {
                return panel;
            }
        }
        throw new AssertionError("no panel " + id + " in " + overview);
    }
}
