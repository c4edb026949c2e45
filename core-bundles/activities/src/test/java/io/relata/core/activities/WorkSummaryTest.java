package io.relata.core.activities;

import static io.relata.core.activities.ScheduleTest.fields;
import static io.relata.core.activities.ScheduleTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.security.DataScope;
import io.relata.core.activities.ActivityFixture.TestUser;

class WorkSummaryTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /**
     * Ada works in Shanghai. The clock stands at 2026-11-29T08:00Z, Sunday 16:00 there; her week is Monday
     * 2026-11-23 00:00 +08 (2026-11-22T16:00Z) to Monday 2026-11-30 00:00 +08 (2026-11-29T16:00Z).
     */
    private static final class Week {
        final WorkTools work;
        final TestUser ada;
        final TestUser bob;
        final TestUser mia;
        final String acme;
        final String globex;
        final String initech;
        Activity overdueInWeek;
        Activity overdueBefore;
        Activity lateDone;

        Week(ActivityFixture db) {
            work = new WorkTools(db);
            ada = db.rep("ada");
            bob = db.rep("bob");
            mia = db.manager("mia", "ada");
            db.timeZones.put("ada", "Asia/Shanghai");
            db.timeZones.put("mia", "Asia/Shanghai");
            acme = db.customer("ada");
            globex = db.customer("ada");
            initech = db.customer("ada");
            String acmeContact = db.contact(acme);

            // the week's edges, in Shanghai
            work.logged(ada, ActivityType.CALL, "Sunday night before", at("2026-11-22T15:59:59Z"), ActivityStatus.DONE,
                    initech);
            work.logged(ada, ActivityType.CALL, "Monday 00:00", at("2026-11-22T16:00:00Z"), ActivityStatus.DONE, acme);
            work.create(ada, "type", ActivityType.EMAIL, "subject", "Mail to the contact",
                    "startAt", at("2026-11-24T03:00:00Z"), "status", ActivityStatus.DONE,
                    "links", List.of(new ActivityLink("contact", acmeContact)));
            work.logged(ada, ActivityType.VISIT, "Sunday 23:59", at("2026-11-29T15:59:00Z"), ActivityStatus.OPEN,
                    globex);
            work.logged(ada, ActivityType.MEETING, "Next Monday 00:00", at("2026-11-29T16:00:00Z"),
                    ActivityStatus.OPEN, initech);
            // not counted: cancelled, deleted, someone else's
            work.logged(ada, ActivityType.CALL, "Cancelled", at("2026-11-25T03:00:00Z"), ActivityStatus.CANCELLED,
                    initech);
            String deleted = work.logged(ada, ActivityType.CALL, "Deleted", at("2026-11-25T04:00:00Z"),
                    ActivityStatus.DONE, initech).id();
            db.as(ada, () -> db.store.delete(deleted, null));
            work.logged(bob, ActivityType.CALL, "Bob's", at("2026-11-25T03:00:00Z"), ActivityStatus.DONE,
                    db.customer("bob"));

            // tasks
            overdueInWeek = work.task(ada, "Due Tuesday, open", at("2026-11-24T02:00:00Z"));
            overdueBefore = work.task(ada, "Due the week before, open", at("2026-11-20T02:00:00Z"));
            work.task(ada, "Due Wednesday, done", at("2026-11-25T02:00:00Z"), "status", ActivityStatus.DONE);
            work.task(ada, "Due next week", at("2026-12-05T02:00:00Z"));
            // due later today (Sunday 20:00 in Shanghai): not overdue yet, although before the week's end
            work.task(ada, "Due Sunday evening, open", at("2026-11-29T12:00:00Z"));
            work.task(ada, "Due Thursday, cancelled", at("2026-11-26T02:00:00Z"), "status", ActivityStatus.CANCELLED);
            // due in the week before, done only now: overdue at the end of that week, not of this one
            lateDone = work.task(ada, "Due the Wednesday before, done now", at("2026-11-18T02:00:00Z"),
                    "status", ActivityStatus.DONE);
        }
    }

    @OnEveryDatabase
    void aWeekInTheUsersZone(ActivityFixture db) {
        Week week = new Week(db);

        WorkSummary summary = db.as(week.ada, () -> week.work.summaries.of(null, "week", "2026-11-25", null));

        assertThat(summary.userId()).isEqualTo("ada");
        assertThat(summary.period()).isEqualTo("week");
        assertThat(summary.date()).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(summary.timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(summary.start()).isEqualTo(at("2026-11-22T16:00:00Z"));
        assertThat(summary.end()).isEqualTo(at("2026-11-29T16:00:00Z"));
        assertThat(summary.countsByType()).isEqualTo(Map.of(ActivityType.CALL, 1L, ActivityType.EMAIL, 1L,
                ActivityType.VISIT, 1L, ActivityType.MEETING, 0L, ActivityType.NOTE, 0L, ActivityType.TASK, 3L));
        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.customersTouched()).as("acme (directly and through its contact), globex, and the"
                + " customers of the three tasks due in the week").isEqualTo(5);
        assertThat(summary.customers().get(0)).isEqualTo(new WorkSummary.CustomerCount(week.acme, 2));
        assertThat(summary.customers()).extracting(WorkSummary.CustomerCount::customerId).contains(week.globex)
                .doesNotContain(week.initech);
        assertThat(summary.tasksCompleted()).as("both tasks marked done now, inside the week").isEqualTo(2);
        assertThat(summary.tasksDue()).as("Tuesday's, Wednesday's and Sunday's; not the cancelled one").isEqualTo(3);
        assertThat(summary.tasksOverdue()).as("judged now, not at the week's end: Sunday's is not late yet")
                .isEqualTo(2);
        assertThat(summary.overdueTasks()).extracting(WorkSummary.OverdueTask::id)
                .containsExactly(week.overdueBefore.id(), week.overdueInWeek.id());
        assertThat(summary.overdueTasks().get(1)).isEqualTo(new WorkSummary.OverdueTask(week.overdueInWeek.id(),
                "Due Tuesday, open", at("2026-11-24T02:00:00Z")));

        // any day of the week gives the same week; Monday 00:00 and Sunday 23:59 belong to it
        WorkSummary sunday = db.as(week.ada, () -> week.work.summaries.of(null, "week", "2026-11-29", null));
        assertThat(sunday.start()).isEqualTo(summary.start());
        assertThat(sunday.countsByType()).isEqualTo(summary.countsByType());

        // the same week in UTC: Monday 00:00Z to Monday 00:00Z moves the edges
        WorkSummary utc = db.as(week.ada, () -> week.work.summaries.of(null, "week", "2026-11-25", "UTC"));
        assertThat(utc.start()).isEqualTo(at("2026-11-23T00:00:00Z"));
        assertThat(utc.countsByType().get(ActivityType.CALL)).as("Monday 00:00 +08 is Sunday in UTC").isZero();
        assertThat(utc.countsByType().get(ActivityType.VISIT)).isEqualTo(1);
        assertThat(utc.countsByType().get(ActivityType.MEETING)).as("next Monday 00:00 +08 is Sunday in UTC")
                .isEqualTo(1);
    }

    @OnEveryDatabase
    void aDayAndAPastWeek(ActivityFixture db) {
        Week week = new Week(db);

        WorkSummary monday = db.as(week.ada, () -> week.work.summaries.of(null, null, "2026-11-23", null));
        assertThat(monday.period()).isEqualTo("day");
        assertThat(monday.start()).isEqualTo(at("2026-11-22T16:00:00Z"));
        assertThat(monday.end()).isEqualTo(at("2026-11-23T16:00:00Z"));
        assertThat(monday.total()).isEqualTo(1);
        assertThat(monday.countsByType().get(ActivityType.CALL)).isEqualTo(1);
        assertThat(monday.customers()).containsExactly(new WorkSummary.CustomerCount(week.acme, 1));
        assertThat(monday.tasksOverdue()).as("at Monday's end: the task due the week before, and the one done"
                + " only now").isEqualTo(2);
        assertThat(monday.overdueTasks()).extracting(WorkSummary.OverdueTask::id)
                .containsExactly(week.lateDone.id(), week.overdueBefore.id());

        WorkSummary before = db.as(week.ada, () -> week.work.summaries.of(null, "week", "2026-11-18", null));
        assertThat(before.end()).isEqualTo(at("2026-11-22T16:00:00Z"));
        assertThat(before.countsByType().get(ActivityType.CALL)).as("Sunday night before").isEqualTo(1);
        assertThat(before.tasksDue()).isEqualTo(2);
        assertThat(before.tasksCompleted()).isZero();
        assertThat(before.tasksOverdue()).isEqualTo(2);

        // today by default: Sunday 2026-11-29 in Shanghai
        WorkSummary today = db.as(week.ada, () -> week.work.summaries.of(null, null, null, null));
        assertThat(today.date()).isEqualTo(LocalDate.parse("2026-11-29"));
        assertThat(today.start()).isEqualTo(at("2026-11-28T16:00:00Z"));
        assertThat(today.tasksCompleted()).isEqualTo(2);
        assertThat(today.countsByType().get(ActivityType.VISIT)).isEqualTo(1);

        // a week later, the open tasks are still overdue and nothing else happened
        db.clock.advance(Duration.ofDays(7));
        WorkSummary next = db.as(week.ada, () -> week.work.summaries.of(null, "week", "2026-12-01", null));
        assertThat(next.tasksDue()).isEqualTo(1);
        assertThat(next.tasksOverdue()).isEqualTo(4);
    }

    @OnEveryDatabase
    void managersSeeTheirTeamOthersGet404(ActivityFixture db) {
        Week week = new Week(db);

        WorkSummary asManager = db.as(week.mia, () -> week.work.summaries.of("ada", "week", "2026-11-25", null));
        assertThat(asManager.userId()).isEqualTo("ada");
        assertThat(asManager.total()).isEqualTo(6);
        assertThat(asManager.timeZone()).as("the caller's zone").isEqualTo("Asia/Shanghai");

        assertThat(status(() -> db.as(week.bob, () -> week.work.summaries.of("ada", "week", "2026-11-25", null))))
                .isEqualTo(404);
        assertThat(status(() -> db.as(week.ada, () -> week.work.summaries.of("mia", "week", "2026-11-25", null))))
                .isEqualTo(404);
        assertThat(db.as(week.bob, () -> week.work.summaries.of("bob", "week", "2026-11-25", null)).total())
                .isEqualTo(1);

        WorkSummary.Team team = db.as(week.mia, () -> week.work.summaries.team("week", "2026-11-25", null));
        assertThat(team.members()).extracting(WorkSummary.Member::userId).containsExactly("ada", "mia");
        WorkSummary.Member ada = team.members().get(0);
        assertThat(ada.countsByType()).isEqualTo(asManager.countsByType());
        assertThat(ada.customersTouched()).isEqualTo(asManager.customersTouched());
        assertThat(ada.tasksCompleted()).isEqualTo(2);
        assertThat(ada.tasksDue()).isEqualTo(3);
        assertThat(ada.tasksOverdue()).isEqualTo(2);
        assertThat(team.members().get(1).total()).as("mia did nothing, and is listed").isZero();

        assertThat(db.as(week.bob, () -> week.work.summaries.team("week", "2026-11-25", null)).members())
                .extracting(WorkSummary.Member::userId).containsExactly("bob");
        TestUser admin = db.user("root", java.util.Set.of("*"), DataScope.all());
        assertThat(db.as(admin, () -> week.work.summaries.team("week", "2026-11-25", "Asia/Shanghai")).members())
                .as("with scope ALL: everyone who worked").extracting(WorkSummary.Member::userId)
                .containsExactly("ada", "bob", "root");
    }

    @OnEveryDatabase
    void badParametersAreRefusedNamingTheField(ActivityFixture db) {
        Week week = new Week(db);
        assertThat(fields(() -> db.as(week.ada, () -> week.work.summaries.of(null, "month", null, null))))
                .containsExactly("period");
        assertThat(fields(() -> db.as(week.ada, () -> week.work.summaries.of(null, "week", "2026-13-01", null))))
                .containsExactly("date");
        assertThat(fields(() -> db.as(week.ada, () -> week.work.summaries.of(null, "week", null, "Mars/Olympus"))))
                .containsExactly("zone");
    }
}
