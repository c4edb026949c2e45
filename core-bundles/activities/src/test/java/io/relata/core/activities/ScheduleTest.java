package io.relata.core.activities;

import static io.relata.core.activities.WorkTools.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;
import io.relata.core.activities.ActivityFixture.TestUser;

class ScheduleTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @OnEveryDatabase
    void aDayInShanghaiIsFromFourPmToFourPmUtcAndHoldsWhatOverlapsIt(ActivityFixture db) {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        db.timeZones.put("ada", "Asia/Shanghai");
        // 2026-11-30 in Shanghai is 2026-11-29T16:00Z .. 2026-11-30T16:00Z
        String spansStart = work.meeting(ada, "Spans the start", at("2026-11-29T15:30:00Z"),
                at("2026-11-29T16:30:00Z")).id();
        work.meeting(ada, "Ends as the day starts", at("2026-11-29T15:00:00Z"), at("2026-11-29T16:00:00Z"));
        String lastMinute = work.create(ada, "type", ActivityType.CALL, "subject", "Last minute",
                "startAt", at("2026-11-30T15:59:00Z"), "links", List.of(work.customerOf(ada))).id();
        work.create(ada, "type", ActivityType.CALL, "subject", "Next day", "startAt", at("2026-11-30T16:00:00Z"),
                "links", List.of(work.customerOf(ada)));
        String due = work.task(ada, "Send the offer", at("2026-11-30T01:00:00Z")).id();
        work.task(ada, "Due the day before", at("2026-11-29T15:59:59Z"));
        work.create(ada, "type", ActivityType.TASK, "subject", "No due time", "links", List.of(work.customerOf(ada)));
        String wholeDay = work.meeting(ada, "Trade fair", at("2026-11-29T10:00:00Z"), at("2026-12-01T00:00:00Z")).id();
        String deleted = work.meeting(ada, "Deleted", at("2026-11-30T02:00:00Z"), at("2026-11-30T03:00:00Z")).id();
        db.as(ada, () -> db.store.delete(deleted, null));
        String invited = work.meeting(bob, "Bob's meeting, Ada invited", at("2026-11-30T06:00:00Z"),
                at("2026-11-30T07:00:00Z"), "participants", List.of(user("ada"))).id();
        work.meeting(bob, "Bob's own meeting", at("2026-11-30T06:00:00Z"), at("2026-11-30T07:00:00Z"));

        Schedule schedule = db.as(ada, () -> work.schedules.schedule("2026-11-30", null, null, null));

        assertThat(schedule.timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(schedule.userId()).isEqualTo("ada");
        assertThat(schedule.from()).isEqualTo(at("2026-11-29T16:00:00Z"));
        assertThat(schedule.to()).isEqualTo(at("2026-11-30T16:00:00Z"));
        assertThat(schedule.truncated()).isFalse();
        assertThat(schedule.items()).extracting(ScheduleItem::id)
                .as("by time: start, or due for tasks")
                .containsExactly(wholeDay, spansStart, due, invited, lastMinute);
        ScheduleItem invitation = schedule.items().get(3);
        assertThat(invitation.ownerId()).isEqualTo("bob");
        assertThat(invitation.subject()).isEqualTo("Bob's meeting, Ada invited");
        assertThat(invitation.links()).hasSize(1);
        ScheduleItem task = schedule.items().get(2);
        assertThat(task.type()).isEqualTo(ActivityType.TASK);
        assertThat(task.dueAt()).isEqualTo(at("2026-11-30T01:00:00Z"));
        assertThat(task.startAt()).isNull();
        assertThat(task.overdue()).as("due after now (2026-11-29T08:00Z)").isFalse();

        // the same day read in UTC: another window
        Schedule utc = db.as(ada, () -> work.schedules.schedule("2026-11-30", null, "UTC", null));
        assertThat(utc.from()).isEqualTo(at("2026-11-30T00:00:00Z"));
        assertThat(utc.to()).isEqualTo(at("2026-12-01T00:00:00Z"));
        assertThat(utc.timeZone()).isEqualTo("UTC");
        assertThat(utc.items()).extracting(ScheduleItem::subject).containsExactly("Trade fair", "Send the offer",
                "Bob's meeting, Ada invited", "Last minute", "Next day");

        // to is an inclusive date; instants are exact, to exclusive
        Schedule twoDays = db.as(ada, () -> work.schedules.schedule("2026-11-30", "2026-12-01", null, null));
        assertThat(twoDays.to()).isEqualTo(at("2026-12-01T16:00:00Z"));
        assertThat(twoDays.items()).extracting(ScheduleItem::subject).contains("Next day");
        Schedule exact = db.as(ada, () -> work.schedules.schedule("2026-11-30T01:00:00Z", "2026-11-30T15:59:00Z",
                null, null));
        assertThat(exact.items()).extracting(ScheduleItem::id).containsExactly(wholeDay, due, invited);

        // without from: today in the user's zone (2026-11-29T08:00Z is 16:00 on the 29th in Shanghai)
        Schedule today = db.as(ada, () -> work.schedules.schedule(null, null, null, null));
        assertThat(today.from()).isEqualTo(at("2026-11-28T16:00:00Z"));
        assertThat(today.to()).isEqualTo(at("2026-11-29T16:00:00Z"));
        assertThat(today.items()).extracting(ScheduleItem::subject)
                .containsExactly("Trade fair", "Ends as the day starts", "Spans the start", "Due the day before");
    }

    @OnEveryDatabase
    void overdueTasksAreMarked(ActivityFixture db) {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        Activity late = work.task(ada, "Late", at("2026-11-29T07:00:00Z"));
        Activity done = work.task(ada, "Done", at("2026-11-29T06:00:00Z"), "status", ActivityStatus.DONE);
        Activity later = work.task(ada, "Later", at("2026-11-29T09:00:00Z"));

        Schedule schedule = db.as(ada, () -> work.schedules.schedule("2026-11-29", null, "UTC", null));

        assertThat(schedule.items()).extracting(ScheduleItem::id).containsExactly(done.id(), late.id(), later.id());
        assertThat(schedule.items()).extracting(ScheduleItem::overdue).containsExactly(false, true, false);
    }

    @OnEveryDatabase
    void aManagerSeesATeamMembersScheduleAndNobodyElseDoes(ActivityFixture db) {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser mia = db.manager("mia", "ada");
        String adas = work.meeting(ada, "Ada's visit plan", at("2026-11-29T09:00:00Z"), at("2026-11-29T10:00:00Z"))
                .id();
        work.meeting(mia, "Mia's own", at("2026-11-29T09:00:00Z"), at("2026-11-29T10:00:00Z"));

        Schedule seen = db.as(mia, () -> work.schedules.schedule("2026-11-29", null, null, "ada"));
        assertThat(seen.userId()).isEqualTo("ada");
        assertThat(seen.items()).extracting(ScheduleItem::id).containsExactly(adas);

        assertThat(status(() -> db.as(bob, () -> work.schedules.schedule("2026-11-29", null, null, "ada"))))
                .as("ada is outside bob's scope").isEqualTo(404);
        assertThat(status(() -> db.as(ada, () -> work.schedules.schedule("2026-11-29", null, null, "mia"))))
                .as("a manager is outside a rep's scope").isEqualTo(404);
        TestUser admin = db.user("root", java.util.Set.of("*"), io.relata.api.security.DataScope.all());
        assertThat(status(() -> db.as(admin, () -> work.schedules.schedule("2026-11-29", null, null, "nobody"))))
                .as("an unknown user, even for a scope of ALL").isEqualTo(404);
        assertThat(db.as(admin, () -> work.schedules.schedule("2026-11-29", null, null, "ada")).items())
                .extracting(ScheduleItem::id).containsExactly(adas);
        assertThat(db.as(ada, () -> work.schedules.schedule("2026-11-29", null, null, "ada")).items())
                .as("asking for oneself").extracting(ScheduleItem::id).containsExactly(adas);
    }

    @OnEveryDatabase
    void badRangesAreRefusedNamingTheField(ActivityFixture db) {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        db.timeZones.put("ada", "Asia/Shanghai");

        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule("2026-11-01", "2027-01-02", null, null))))
                .containsExactly("to");
        assertThat(db.as(ada, () -> work.schedules.schedule("2026-11-01", "2027-01-01", null, null)).to())
                .as("62 days, the first and the last included, is the most")
                .isEqualTo(at("2027-01-01T16:00:00Z"));
        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule("2026-11-30", "2026-11-29", null, null))))
                .containsExactly("to");
        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule("yesterday", null, null, null))))
                .containsExactly("from");
        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule("2026-02-30", null, null, null))))
                .containsExactly("from");
        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule(null, "2026-11-30T25:00:00Z", null, null))))
                .containsExactly("to");
        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule(null, null, "Mars/Olympus", null))))
                .containsExactly("zone");
        assertThat(fields(() -> db.as(ada, () -> work.schedules.schedule(null, null, "+08:00", null))))
                .as("an offset is not a zone").containsExactly("zone");
    }

    @OnEveryDatabase
    void aUserWithoutAValidZoneGetsUtc(ActivityFixture db) {
        WorkTools work = new WorkTools(db);
        TestUser ada = db.rep("ada");
        db.timeZones.put("ada", "Nowhere/Town");
        Schedule schedule = db.as(ada, () -> work.schedules.schedule("2026-11-30", null, null, null));
        assertThat(schedule.timeZone()).isEqualTo("UTC");
        assertThat(schedule.from()).isEqualTo(at("2026-11-30T00:00:00Z"));
    }

    static int status(Runnable work) {
        try {
            work.run();
        } catch (ProblemException e) {
            return e.problem().status();
        }
        throw new AssertionError("no problem");
    }

    static List<String> fields(Runnable work) {
        try {
            work.run();
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("no problem");
    }
}
