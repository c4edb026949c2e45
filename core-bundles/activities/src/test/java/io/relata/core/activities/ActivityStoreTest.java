package io.relata.core.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityDirection;
import io.relata.api.activity.ActivityEvent;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityLocation;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.Participant;
import io.relata.api.activity.ParticipantKind;
import io.relata.api.audit.AuditAction;
import io.relata.api.customer.Address;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.core.activities.ActivityFixture.TestUser;

class ActivityStoreTest {

    static ActivityFields activity(ActivityType type, String subject, ActivityLink... links) {
        return new ActivityFields(type, subject, null, null, null, null, null, null, null, null, null, null, null,
                null, List.of(links), null, null, null, null, null, null);
    }

    static ActivityFields logged(ActivityType type, String subject, Instant startAt, ActivityStatus status,
                                 ActivityLink... links) {
        return new ActivityFields(type, subject, null, null, null, startAt, null, null, null, null, null, status, null,
                null, List.of(links), null, null, null, null, null, null);
    }

    static ActivityLink customer(String id) {
        return new ActivityLink("customer", id);
    }

    static ActivityLink contact(String id) {
        return new ActivityLink("contact", id);
    }

    private static List<FieldError> refusal(Runnable work) {
        try {
            work.run();
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().errors();
        }
        throw new AssertionError("expected a 400 problem");
    }

    @OnEveryDatabase
    void aLoggedCallIsValidatedAuditedAndPublished(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        db.rep("bob");
        String acme = db.customer("ada");
        String li = db.contact(acme);
        Instant start = db.clock.now().minus(Duration.ofHours(2));
        ActivityFields call = new ActivityFields(ActivityType.CALL, "  Pricing call ", "Talked\nabout prices",
                ActivityDirection.OUT, "phone", start, start.plus(Duration.ofMinutes(25)), null, 999, null,
                "Sends an offer", ActivityStatus.DONE, null,
                List.of(new Participant(ParticipantKind.USER, "bob"), new Participant(ParticipantKind.CONTACT, li)),
                List.of(customer(acme), contact(li), customer(acme)), null, null, null, null, null, null);

        Activity created = db.as(ada, () -> db.store.create(call));

        assertThat(created.subject()).isEqualTo("Pricing call");
        assertThat(created.durationMinutes()).as("derived from start and end").isEqualTo(25);
        assertThat(created.ownerId()).as("the caller by default").isEqualTo("ada");
        assertThat(created.completedAt()).isEqualTo(db.clock.now());
        assertThat(created.links()).as("duplicates dropped").containsExactly(customer(acme), contact(li));
        assertThat(created.createdBy()).isEqualTo("ada");
        assertThat(db.as(ada, () -> db.store.find(created.id()))).contains(created);
        assertThat(db.auditOf(created.id())).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.CREATED);
            assertThat(entry.recordType()).isEqualTo("activity");
        });
        assertThat(db.events(ActivityEvent.Created.class)).singleElement()
                .satisfies(event -> assertThat(event.links()).contains(customer(acme)));
        assertThat(db.events(ActivityEvent.Completed.class)).hasSize(1);
    }

    @OnEveryDatabase
    void badInputIsRefusedNamingEveryField(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        String hidden = db.customer("bob");
        db.hiddenCustomers.add(hidden);
        String hiddenContact = db.contact(hidden);

        assertThat(refusal(() -> db.as(ada, () -> db.store.create(activity(ActivityType.NOTE, "x",
                new ActivityLink("sales.opportunity", "o-1"), customer("no-such-customer"), customer(hidden))))))
                .extracting(FieldError::field, FieldError::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("links[0].recordType",
                                "is not a record type of an installed module"),
                        org.assertj.core.groups.Tuple.tuple("links[1].recordId", "is not a customer you may see"),
                        org.assertj.core.groups.Tuple.tuple("links[2].recordId", "is not a customer you may see"));

        ActivityFields badParticipants = new ActivityFields(ActivityType.MEETING, "Kick-off", null, null, null, null,
                null, null, null, null, null, null, null, List.of(new Participant(ParticipantKind.USER, "nobody"),
                new Participant(ParticipantKind.CONTACT, hiddenContact)), List.of(customer(acme)),
                null, null, null, null, null, null);
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(badParticipants))))
                .extracting(FieldError::field).containsExactly("participants[0].id", "participants[1].id");

        Instant start = db.clock.now();
        ActivityFields badShape = new ActivityFields(ActivityType.NOTE, " ", null, ActivityDirection.IN, null, start,
                start.minusSeconds(60), null, null,
                new ActivityLocation(Address.EMPTY, new BigDecimal("91"), new BigDecimal("10")), null, null, null,
                null, List.of(), null, null, null, null, null, null);
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(badShape)))).extracting(FieldError::field)
                .containsExactlyInAnyOrder("subject", "direction", "endAt", "location", "links");

        ActivityFields badCoordinates = new ActivityFields(ActivityType.VISIT, "Site visit", null, null, null, null,
                null, null, null, new ActivityLocation(null, new BigDecimal("-90.5"), new BigDecimal("181")), null,
                null, null, null, List.of(customer(acme)), null, null, null, null, null, null);
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(badCoordinates)))).extracting(FieldError::field)
                .containsExactly("location.latitude", "location.longitude");

        ActivityFields taskWithStart = new ActivityFields(ActivityType.TASK, "Send offer", null, null, null, start,
                null,
                null, null, null, null, null, null, null, List.of(customer(acme)), null, null, null, null, null, null);
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(taskWithStart)))).extracting(FieldError::field)
                .containsExactly("startAt");
        assertThat(db.audit).as("nothing was written").isEmpty();
        assertThat(db.events).isEmpty();
    }

    @OnEveryDatabase
    void aVisitKeepsItsPlaceAndLinksToLeads(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        db.visibleLeads.add("lead-1");
        ActivityFields visit = new ActivityFields(ActivityType.VISIT, "Visit the plant", null, null, null, null, null,
                null, 90, new ActivityLocation(new Address("1 Century Ave", "Shanghai", null, null, "cn"),
                new BigDecimal("31.2304"), new BigDecimal("121.4737")), null, null, null, null,
                List.of(new ActivityLink("lead", "lead-1")), null, null, null, null, null, null);

        Activity created = db.as(ada, () -> db.store.create(visit));

        assertThat(created.location().address().country()).isEqualTo("CN");
        assertThat(created.location().latitude()).isEqualByComparingTo("31.2304");
        assertThat(created.durationMinutes()).isEqualTo(90);
        Activity read = db.as(ada, () -> db.store.find(created.id())).orElseThrow();
        assertThat(read.location().longitude()).isEqualByComparingTo("121.4737");
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(activity(ActivityType.NOTE, "x",
                new ActivityLink("lead", "lead-2")))))).extracting(FieldError::field).containsExactly("links[0].recordId");
    }

    @OnEveryDatabase
    void ownersScopeDecidesWhoSeesAnActivity(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser boss = db.manager("boss", "ada");
        String acme = db.customer("ada");
        Activity adas = db.as(ada, () -> db.store.create(activity(ActivityType.NOTE, "Ada's note", customer(acme))));
        Activity bobs = db.as(bob, () -> db.store.create(activity(ActivityType.NOTE, "Bob's note", customer(acme))));

        assertThat(db.as(bob, () -> db.store.find(adas.id()))).isEmpty();
        assertThat(db.as(bob, () -> db.store.list(ActivityQuery.ALL, new PageRequest(50, null))).items())
                .extracting(Activity::id).containsExactly(bobs.id());
        assertThat(db.as(boss, () -> db.store.list(ActivityQuery.ALL, new PageRequest(50, null))).items())
                .extracting(Activity::id).containsExactly(adas.id());
        assertThatThrownBy(() -> db.as(bob, () -> db.store.change(adas.id(), "\"1\"", current -> current)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> db.as(bob, () -> db.store.delete(adas.id(), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThat(db.as(bob, () -> db.store.visible(adas.id()))).isFalse();
        assertThat(db.as(boss, () -> db.store.visible(adas.id()))).isTrue();

        Activity forAda = db.as(boss, () -> db.store.create(new ActivityFields(ActivityType.TASK, "Call them back",
                null, null, null, null, null, db.clock.now().plus(Duration.ofDays(1)), null, null, null, null, "ada",
                null, List.of(customer(acme)), null, null, null, null, null, null)));
        assertThat(forAda.ownerId()).as("a manager plans tasks for a report").isEqualTo("ada");
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(new ActivityFields(ActivityType.TASK, "x", null,
                null, null, null, null, null, null, null, null, null, "bob", null, List.of(customer(acme)), null, null,
                null, null, null, null)))))
                .extracting(FieldError::field).containsExactly("ownerId");
    }

    @OnEveryDatabase
    void changesNeedTheCurrentVersionAndCompletionIsPublished(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Activity task = db.as(ada, () -> db.store.create(new ActivityFields(ActivityType.TASK, "Send offer", null,
                null, null, null, null, db.clock.now().plus(Duration.ofDays(2)), null, null, null, null, null, null,
                List.of(customer(acme)), null, null, null, null, null, null)));
        assertThat(task.status()).isEqualTo(ActivityStatus.OPEN);
        assertThat(db.events(ActivityEvent.Completed.class)).isEmpty();

        db.clock.advance(Duration.ofHours(1));
        Activity done = db.as(ada, () -> db.store.change(task.id(), "\"1\"",
                current -> withStatus(current, ActivityStatus.DONE)));

        assertThat(done.status()).isEqualTo(ActivityStatus.DONE);
        assertThat(done.completedAt()).isEqualTo(db.clock.now());
        assertThat(done.version()).isEqualTo(2);
        assertThat(db.events(ActivityEvent.Updated.class)).singleElement()
                .satisfies(event -> assertThat(event.fields()).containsExactly("status"));
        assertThat(db.events(ActivityEvent.Completed.class)).singleElement()
                .satisfies(event -> assertThat(event.activityId()).isEqualTo(task.id()));
        assertThat(db.auditOf(task.id())).extracting(ActivityFixture.Recorded::action)
                .containsExactly(AuditAction.CREATED, AuditAction.UPDATED);

        assertThatThrownBy(() -> db.as(ada, () -> db.store.change(task.id(), "\"1\"", current -> current)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(412));
        Activity reopened = db.as(ada, () -> db.store.change(task.id(), "\"2\"",
                current -> withStatus(current, ActivityStatus.OPEN)));
        assertThat(reopened.completedAt()).isNull();
    }

    @OnEveryDatabase
    void listsFilterAndPageNewestFirst(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        String other = db.customer("ada");
        Instant base = db.clock.now().minus(Duration.ofDays(10));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // two at each time, so the cursor has to order by id as well
            Instant at = base.plus(Duration.ofDays(i / 2));
            ActivityType type = i % 3 == 0 ? ActivityType.CALL : ActivityType.MEETING;
            ActivityLink link = i < 5 ? customer(acme) : customer(other);
            ids.add(db.as(ada, () -> db.store.create(logged(type, "Subject " + type + " " + at, at, null, link))).id());
        }

        List<Activity> all = pages(db, ada, ActivityQuery.ALL, 2);
        assertThat(all).hasSize(7);
        assertThat(all).isSortedAccordingTo((one, two) -> two.startAt().compareTo(one.startAt()));
        assertThat(all).extracting(Activity::id).containsExactlyInAnyOrderElementsOf(ids);

        assertThat(pages(db, ada, ActivityQuery.parse(Map.of("type", "call")), 2)).hasSize(3);
        assertThat(pages(db, ada, ActivityQuery.parse(Map.of("linked", "customer:" + other)), 2)).hasSize(2);
        assertThat(pages(db, ada, ActivityQuery.parse(Map.of("owner", "me", "status", "OPEN")), 2)).hasSize(7);
        assertThat(pages(db, ada, ActivityQuery.parse(Map.of("from", base.plus(Duration.ofDays(1)).toString(),
                "to", base.plus(Duration.ofDays(3)).toString())), 2)).hasSize(4);
        assertThat(pages(db, ada, ActivityQuery.parse(Map.of("q", "subject call")), 2)).hasSize(3);
        assertThatThrownBy(() -> ActivityQuery.parse(Map.of("type", "FAX", "linked", "nocolon")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(FieldError::field).containsExactly("type", "linked"));
    }

    @OnEveryDatabase
    void customersLastActivityFollowsWhatCounts(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        String li = db.contact(acme);
        String quiet = db.customer("ada");
        Instant now = db.clock.now();

        db.as(ada, () -> db.store.create(logged(ActivityType.MEETING, "Planned", now.plus(Duration.ofDays(3)),
                null, customer(acme))));
        db.as(ada, () -> db.store.create(activity(ActivityType.TASK, "Open task", customer(quiet))));
        assertThat(db.store.lastActivity(List.of(acme, quiet))).as("plans and open tasks are no work yet").isEmpty();

        Activity call = db.as(ada, () -> db.store.create(logged(ActivityType.CALL, "Call Li",
                now.minus(Duration.ofDays(2)), null, contact(li))));
        assertThat(db.store.lastActivity(List.of(acme, quiet)))
                .as("through the contact").containsExactly(Map.entry(acme, now.minus(Duration.ofDays(2))));

        db.clock.advance(Duration.ofHours(1));
        Activity note = db.as(ada, () -> db.store.create(activity(ActivityType.NOTE, "Note", customer(acme))));
        assertThat(db.store.lastActivity(List.of(acme))).containsEntry(acme, db.clock.now());

        db.as(ada, () -> db.store.delete(note.id(), null));
        assertThat(db.store.lastActivity(List.of(acme))).as("the deleted note no longer counts")
                .containsEntry(acme, now.minus(Duration.ofDays(2)));
        db.as(ada, () -> db.store.change(call.id(), "\"1\"", current -> withStatus(current, ActivityStatus.CANCELLED)));
        assertThat(db.store.lastActivity(List.of(acme))).isEmpty();

        db.as(ada, () -> db.store.restore(note.id()));
        assertThat(db.store.lastActivity(List.of(acme, quiet))).containsOnlyKeys(acme);
        assertThat(new LastActivityClock(db.store).lastActivity(Set.of(acme))).containsOnlyKeys(acme);
    }

    @OnEveryDatabase
    void deletedActivitiesWaitInTheRecycleBin(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Activity note = db.as(ada, () -> db.store.create(activity(ActivityType.NOTE, "Remember this",
                customer(acme))));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.delete(note.id(), "\"7\"")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(412));
        db.as(ada, () -> db.store.delete(note.id(), "\"1\""));

        assertThat(db.bin).singleElement().satisfies(entry -> {
            assertThat(entry.recordType()).isEqualTo("activity");
            assertThat(entry.recordId()).isEqualTo(note.id());
            assertThat(entry.label()).isEqualTo("Remember this");
        });
        assertThat(db.as(ada, () -> db.store.find(note.id()))).isEmpty();
        assertThat(db.as(ada, () -> db.store.visible(note.id()))).as("its history stays readable").isTrue();

        db.as(ada, () -> db.store.restore(note.id()));
        assertThat(db.as(ada, () -> db.store.find(note.id()))).isPresent();
        assertThat(db.auditOf(note.id())).extracting(ActivityFixture.Recorded::action)
                .containsExactly(AuditAction.CREATED, AuditAction.DELETED, AuditAction.RESTORED);

        db.as(ada, () -> db.store.delete(note.id(), null));
        db.store.purge(note.id());
        assertThat(db.as(ada, () -> db.store.visible(note.id()))).isFalse();
    }

    static ActivityFields withStatus(ActivityFields fields, ActivityStatus status) {
        return new ActivityFields(fields.type(), fields.subject(), fields.body(), fields.direction(), fields.channel(),
                fields.startAt(), fields.endAt(), fields.dueAt(), fields.durationMinutes(), fields.location(),
                fields.outcome(), status, fields.ownerId(), fields.participants(), fields.links(), fields.reminderAt(),
                fields.recurrence(), fields.timeZone(), null, null, null);
    }

    private static List<Activity> pages(ActivityFixture db, TestUser user, ActivityQuery query, int limit) {
        List<Activity> items = new ArrayList<>();
        PageRequest page = new PageRequest(limit, null);
        while (true) {
            PageRequest current = page;
            Page<Activity> one = db.as(user, () -> db.store.list(query, current));
            items.addAll(one.items());
            if (one.nextCursor() == null) {
                return items;
            }
            page = PageRequest.of(String.valueOf(limit), one.nextCursor());
        }
    }
}
