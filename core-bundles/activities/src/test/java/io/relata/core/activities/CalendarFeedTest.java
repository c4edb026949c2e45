package io.relata.core.activities;

import static io.relata.core.activities.ScheduleTest.status;
import static io.relata.core.activities.WorkTools.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityLocation;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.customer.Address;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.activities.ActivityFixture.TestUser;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;

class CalendarFeedTest {

    private static final String SUBJECT = "拜访上海客户, 讨论价格; 合同\\草案";
    private static final String BODY = "第一行: 确认交货日期, 付款条件; 以及质保\n第二行 — a second line, with; "
            + "punctuation\\ and a long tail: 我们需要在下周五之前把最终报价发给采购部门的王经理以及财务部门的李总监审核";

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @OnEveryDatabase
    void theFeedParsesWithARealParserAndCarriesEveryActivity(ActivityFixture db) throws Exception {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        ActivityLocation plant = new ActivityLocation(
                new Address("浦东新区张江路 88 号, 3 号楼", "上海", null, "201203", "CN"),
                new BigDecimal("31.2304"), new BigDecimal("121.4737"));
        Activity visit = work.create(ada, "type", ActivityType.VISIT, "subject", SUBJECT, "body", BODY,
                "startAt", at("2026-12-01T01:30:00Z"), "endAt", at("2026-12-01T03:00:00Z"), "location", plant,
                "reminderAt", at("2026-12-01T01:15:00Z"), "links", List.of(work.customerOf(ada)));
        Activity task = work.task(ada, "Send the offer", at("2026-12-02T09:00:00Z"));
        Activity cancelled = work.meeting(ada, "Cancelled review", at("2026-12-03T06:00:00Z"),
                at("2026-12-03T07:00:00Z"), "status", ActivityStatus.CANCELLED);
        Activity call = work.create(ada, "type", ActivityType.CALL, "subject", "Quick call",
                "startAt", at("2026-11-28T02:00:00Z"), "status", ActivityStatus.DONE, "outcome", "Agreed",
                "links", List.of(work.customerOf(ada)));
        Activity changed = work.change(ada, call.id(), fields -> WorkTools.fields("type", fields.type(),
                "subject", "Quick call, again", "startAt", fields.startAt(), "status", fields.status(),
                "outcome", fields.outcome(), "links", fields.links()));
        Activity farFuture = work.meeting(ada, "In five months", at("2027-04-20T02:00:00Z"),
                at("2027-04-20T03:00:00Z"));
        work.meeting(ada, "Too old", at("2026-10-01T02:00:00Z"), at("2026-10-01T03:00:00Z"));
        work.meeting(ada, "Too far", at("2027-07-01T02:00:00Z"), at("2027-07-01T03:00:00Z"));

        String token = db.as(ada, () -> work.feeds.create()).token();
        String ics = work.feeds.feed(token).calendar();

        // the raw text: CRLF everywhere, no line over 75 octets, folds between whole UTF-8 characters
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        byte[] bytes = ics.getBytes(StandardCharsets.UTF_8);
        List<byte[]> lines = physicalLines(bytes);
        assertThat(lines).allSatisfy(line -> assertThat(line.length).isLessThanOrEqualTo(75));
        assertThat(lines).allSatisfy(CalendarFeedTest::decodesStrictly);
        assertThat(lines).filteredOn(line -> line.length > 0 && line[0] == ' ').as("folded lines").isNotEmpty();
        assertThat(lines).filteredOn(line -> line.length >= 74).as("long lines are filled").isNotEmpty();
        assertThat(ics).contains("SUMMARY:拜访上海客户\\, 讨论价格\\; 合同\\\\草案\r\n");

        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        Map<String, VEvent> events = events(calendar);
        assertThat(events.keySet()).containsExactlyInAnyOrder(visit.id() + "@relata", task.id() + "@relata",
                cancelled.id() + "@relata", call.id() + "@relata", farFuture.id() + "@relata");

        VEvent visitEvent = events.get(visit.id() + "@relata");
        assertThat(visitEvent.getSummary().getValue()).isEqualTo(SUBJECT);
        assertThat(visitEvent.getDescription().getValue()).isEqualTo(BODY);
        assertThat(visitEvent.getStartDate().getValue()).isEqualTo("20261201T013000Z");
        assertThat(visitEvent.getStartDate().isUtc()).isTrue();
        assertThat(visitEvent.getProperty(Property.DTEND).getValue()).isEqualTo("20261201T030000Z");
        assertThat(visitEvent.getLocation().getValue()).isEqualTo("浦东新区张江路 88 号, 3 号楼, 上海, 201203, CN");
        assertThat(visitEvent.getGeographicPos().getLatitude()).isEqualByComparingTo("31.2304");
        assertThat(visitEvent.getGeographicPos().getLongitude()).isEqualByComparingTo("121.4737");
        assertThat(visitEvent.getProperty(Property.CATEGORIES).getValue()).isEqualTo("VISIT");
        assertThat(visitEvent.getStatus().getValue()).isEqualTo("CONFIRMED");
        assertThat(visitEvent.getProperty(Property.TRANSP).getValue()).isEqualTo("OPAQUE");
        assertThat(visitEvent.getDateStamp().getValue()).isEqualTo("20261129T080000Z");
        assertThat(visitEvent.getLastModified().getValue()).isEqualTo("20261129T080000Z");
        assertThat(visitEvent.getAlarms()).hasSize(1);
        VAlarm alarm = visitEvent.getAlarms().get(0);
        assertThat(alarm.getAction().getValue()).isEqualTo("DISPLAY");
        assertThat(alarm.getTrigger().getDateTime()).isNotNull();
        assertThat(alarm.getTrigger().getDateTime().toInstant()).isEqualTo(at("2026-12-01T01:15:00Z"));
        assertThat(alarm.getDescription().getValue()).isEqualTo(SUBJECT);

        VEvent taskEvent = events.get(task.id() + "@relata");
        assertThat(taskEvent.getStartDate().getValue()).as("a task at its due time").isEqualTo("20261202T090000Z");
        assertThat((Object) taskEvent.getProperty(Property.DTEND)).isNull();
        assertThat(taskEvent.getProperty(Property.CATEGORIES).getValue()).isEqualTo("TASK");
        assertThat(taskEvent.getProperty(Property.TRANSP).getValue()).isEqualTo("TRANSPARENT");
        assertThat(taskEvent.getAlarms()).isEmpty();
        assertThat(taskEvent.getDescription()).isNull();

        assertThat(events.get(cancelled.id() + "@relata").getStatus().getValue()).isEqualTo("CANCELLED");
        VEvent callEvent = events.get(call.id() + "@relata");
        assertThat(callEvent.getSummary().getValue()).isEqualTo("Quick call, again");
        assertThat(callEvent.getSequence().getSequenceNo()).isEqualTo((int) changed.version())
                .isGreaterThan((int) call.version());
        assertThat(callEvent.getDescription().getValue()).isEqualTo("Agreed");
        assertThat((Object) callEvent.getProperty(Property.DTEND)).as("a call with a start only").isNull();
    }

    @Test
    void foldingNeverSplitsAUtf8SequenceWhateverTheOffset() throws Exception {
        Instant now = at("2026-11-29T08:00:00Z");
        for (int prefix = 0; prefix < 8; prefix++) {
            String subject = "x".repeat(prefix) + "中文標題🙂é".repeat(12);
            Activity activity = WorkTools.build(Activity.class, "id", "a-" + prefix, "type", ActivityType.MEETING,
                    "subject", subject, "startAt", now, "endAt", now.plus(Duration.ofHours(1)),
                    "status", ActivityStatus.OPEN, "ownerId", "ada", "createdAt", now, "createdBy", "ada",
                    "updatedAt", now, "updatedBy", "ada", "version", 1L);
            String ics = ICalendarWriter.calendar("Relata", List.of(new Schedules.Entry(activity, null)),
                    any -> true);
            List<byte[]> lines = physicalLines(ics.getBytes(StandardCharsets.UTF_8));
            assertThat(lines).allSatisfy(line -> assertThat(line.length).isLessThanOrEqualTo(75));
            assertThat(lines).allSatisfy(CalendarFeedTest::decodesStrictly);
            VEvent event = events(new CalendarBuilder().build(new StringReader(ics))).get("a-" + prefix + "@relata");
            assertThat(event.getSummary().getValue()).isEqualTo(subject);
        }
    }

    @Test
    void textIsEscaped() {
        assertThat(ICalendarWriter.escape("a\\b;c,d\ne\r\nf\rg\u0007h\ti"))
                .isEqualTo("a\\\\b\\;c\\,d\\ne\\nf\\ng" + "h\ti");
    }

    @OnEveryDatabase
    void tokensAreShownOnceStoredHashedRotatedAndRevoked(ActivityFixture db) throws Exception {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        work.meeting(ada, "Pricing", at("2026-11-30T02:00:00Z"), at("2026-11-30T03:00:00Z"));

        assertThat(db.as(ada, () -> work.feeds.status())).isEqualTo(new CalendarFeeds.Status(false, null, null));
        CalendarFeeds.Created first = db.as(ada, () -> work.feeds.create());
        assertThat(first.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(first.createdAt()).isEqualTo(db.clock.now());
        assertThat(CalendarFeeds.url(URI.create("https://crm.example.com/api/v1/"), first.token()))
                .isEqualTo("https://crm.example.com/api/v1/calendar-feeds/" + first.token() + ".ics");
        assertThat(storedHashes(db)).containsExactly(CalendarFeeds.sha256(first.token()))
                .doesNotContain(first.token());

        db.clock.advance(Duration.ofMinutes(1));
        CalendarFeeds.Feed feed = work.feeds.feed(first.token());
        assertThat(feed.calendar()).contains("SUMMARY:Pricing");
        assertThat(db.as(ada, () -> work.feeds.status()))
                .isEqualTo(new CalendarFeeds.Status(true, first.createdAt(), db.clock.now()));
        db.clock.advance(Duration.ofMinutes(1));
        CalendarFeeds.Feed again = work.feeds.feed(first.token());
        assertThat(again.etag()).as("the same data, the same tag").isEqualTo(feed.etag());
        assertThat(CalendarFeedsPublicResource.matches("W/\"x\", " + feed.etag(), feed.etag())).isTrue();
        assertThat(CalendarFeedsPublicResource.matches("\"x\"", feed.etag())).isFalse();
        assertThat(db.as(ada, () -> work.feeds.status()).lastUsedAt())
                .as("the last use is written at most every five minutes").isEqualTo(db.clock.now().minus(
                        Duration.ofMinutes(1)));
        work.meeting(ada, "Another", at("2026-11-30T05:00:00Z"), at("2026-11-30T06:00:00Z"));
        assertThat(work.feeds.feed(first.token()).etag()).as("new data, a new tag").isNotEqualTo(feed.etag());

        CalendarFeeds.Created second = db.as(ada, () -> work.feeds.create());
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(status(() -> work.feeds.feed(first.token()))).as("the rotated token").isEqualTo(404);
        assertThat(work.feeds.feed(second.token()).calendar()).contains("SUMMARY:Pricing");
        assertThat(storedHashes(db)).containsExactly(CalendarFeeds.sha256(second.token()));

        assertThat(db.as(ada, () -> work.feeds.revoke())).isTrue();
        assertThat(status(() -> work.feeds.feed(second.token()))).as("the revoked token").isEqualTo(404);
        assertThat(db.as(ada, () -> work.feeds.status()).active()).isFalse();
        assertThat(db.as(ada, () -> work.feeds.revoke())).isFalse();

        assertThat(status(() -> work.feeds.feed(CalendarFeeds.newToken()))).as("an unknown token").isEqualTo(404);
        assertThat(status(() -> work.feeds.feed("../../etc/passwd"))).isEqualTo(404);
        assertThat(status(() -> work.feeds.feed(null))).isEqualTo(404);
        assertThat(status(() -> work.feeds.feed(""))).isEqualTo(404);
    }

    @OnEveryDatabase
    void twoFirstRequestsForAFeedAtOnceBothAnswerAndOneTokenWins(ActivityFixture db) throws Exception {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CalendarFeeds.Created>> clicks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clicks.add(CompletableFuture.supplyAsync(() -> db.as(ada, () -> {
                start.await();
                return work.feeds.create();
            })));
        }
        start.countDown();
        List<String> tokens = new ArrayList<>();
        for (CompletableFuture<CalendarFeeds.Created> click : clicks) {
            tokens.add(click.get().token());
        }

        long working = tokens.stream().filter(token -> {
            try {
                work.feeds.feed(token);
                return true;
            } catch (ProblemException e) {
                return false;
            }
        }).count();
        assertThat(working).as("the token stored last").isEqualTo(1);
    }

    @OnEveryDatabase
    void theFeedIsTheUsersOwnWithTheirCurrentRights(ActivityFixture db) {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        work.meeting(ada, "Ada's", at("2026-11-30T02:00:00Z"), at("2026-11-30T03:00:00Z"), "body", "Ada's notes");
        work.meeting(bob, "Bob's, Ada invited", at("2026-11-30T04:00:00Z"), at("2026-11-30T05:00:00Z"),
                "body", "Bob's private notes", "participants", List.of(user("ada")));
        work.meeting(bob, "Bob's alone", at("2026-11-30T06:00:00Z"), at("2026-11-30T07:00:00Z"));
        String adas = db.as(ada, () -> work.feeds.create()).token();
        String bobs = db.as(bob, () -> work.feeds.create()).token();

        String ics = work.feeds.feed(adas).calendar();
        assertThat(ics).contains("SUMMARY:Ada's\r\n", "DESCRIPTION:Ada's notes", "SUMMARY:Bob's\\, Ada invited")
                .as("an invitation shows no notes of someone else's activity")
                .doesNotContain("Bob's private notes").doesNotContain("Bob's alone");
        assertThat(work.feeds.feed(bobs).calendar()).contains("Bob's private notes", "Bob's alone")
                .doesNotContain("SUMMARY:Ada's\r\n");

        db.inactiveUsers.add("ada");
        assertThat(status(() -> work.feeds.feed(adas))).as("a deactivated user").isEqualTo(404);
        db.inactiveUsers.remove("ada");
        db.user("ada", Set.of("customers:read"), new DataScope(ScopeKind.OWN, Set.of("ada")));
        assertThat(status(() -> work.feeds.feed(adas))).as("without activities:read").isEqualTo(404);
        db.rep("ada");
        assertThat(work.feeds.feed(adas).calendar()).contains("SUMMARY:Ada's");
    }

    private static Map<String, VEvent> events(Calendar calendar) {
        List<VEvent> events = new ArrayList<>();
        for (Object component : calendar.getComponents(Component.VEVENT)) {
            events.add((VEvent) component);
        }
        return events.stream().collect(Collectors.toMap(event -> event.getUid().getValue(), Function.identity()));
    }

    /** The lines between CRLFs, as bytes. */
    private static List<byte[]> physicalLines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                lines.add(java.util.Arrays.copyOfRange(bytes, start, i));
                start = i + 2;
                i++;
            }
        }
        assertThat(start).as("the text ends with CRLF").isEqualTo(bytes.length);
        return lines;
    }

    private static void decodesStrictly(byte[] line) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            throw new AssertionError("a line split inside a UTF-8 sequence: " + new String(line,
                    StandardCharsets.UTF_8), e);
        }
    }

    private static List<String> storedHashes(ActivityFixture db) throws Exception {
        List<String> hashes = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT token_hash FROM core_activity_calendar_feed")) {
            while (rows.next()) {
                hashes.add(rows.getString(1));
            }
        }
        return hashes;
    }
}
