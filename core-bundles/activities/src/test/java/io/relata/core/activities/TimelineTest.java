package io.relata.core.activities;

import static io.relata.core.activities.ActivityStoreTest.contact;
import static io.relata.core.activities.ActivityStoreTest.customer;
import static io.relata.core.activities.ActivityStoreTest.logged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.TimelineContributor;
import io.relata.api.activity.TimelineEntry;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.core.activities.ActivityFixture.TestUser;

class TimelineTest {

    /** A module's entries, answered exactly as the contract asks. */
    private record Deals(List<TimelineEntry> entries) implements TimelineContributor {
        @Override
        public List<TimelineEntry> entries(String customerId, Set<String> contactIds, Instant before, int limit) {
            return entries.stream().filter(entry -> entry.occurredAt().isBefore(before))
                    .sorted(Comparator.comparing(TimelineEntry::occurredAt).thenComparing(TimelineEntry::id).reversed())
                    .limit(limit).toList();
        }
    }

    private static TimelineEntry deal(String id, Instant at) {
        return new TimelineEntry(id, "sales.opportunity", id, "sales.deal.won", "Deal " + id + " won", at, null);
    }

    @OnEveryDatabase
    void mergesActivitiesOfTheCustomerItsContactsAndContributors(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        String li = db.contact(acme);
        String elsewhere = db.customer("ada");
        Instant now = db.clock.now();
        String call = db.as(ada, () -> db.store.create(logged(ActivityType.CALL, "Call Li",
                now.minus(Duration.ofHours(3)), null, contact(li)))).id();
        String visit = db.as(ada, () -> db.store.create(logged(ActivityType.VISIT, "Visit Acme",
                now.minus(Duration.ofHours(1)), null, customer(acme)))).id();
        db.as(ada, () -> db.store.create(logged(ActivityType.CALL, "Someone else", now, null, customer(elsewhere))));
        db.timeline.addContributor(new Deals(List.of(deal("d-1", now.minus(Duration.ofHours(2))))),
                Map.of(TimelineContributor.CONTRIBUTOR_ID, "sales.deals"));
        db.timeline.addContributor((customerId, contactIds, before, limit) -> {
            throw new IllegalStateException("the sales database is down");
        }, Map.of(TimelineContributor.CONTRIBUTOR_ID, "sales.broken"));

        TimelinePage page = db.as(ada, () -> db.timeline.of(acme, Set.of(), new PageRequest(50, null)));

        assertThat(page.items()).extracting(TimelineEntry::id).containsExactly(visit, "d-1", call);
        assertThat(page.items().get(0).kind()).isEqualTo("VISIT");
        assertThat(page.incomplete()).containsExactly("sales.broken");
        assertThat(page.nextCursor()).isNull();

        assertThat(db.as(ada, () -> db.timeline.of(acme, Set.of("CALL", "sales.deal.won"), new PageRequest(50, null)))
                .items()).extracting(TimelineEntry::id).containsExactly("d-1", call);
        assertThat(db.as(ada, () -> db.timeline.of(acme, Set.of("sales.deal.won"), new PageRequest(50, null)))
                .items()).extracting(TimelineEntry::id).containsExactly("d-1");

        TestUser bob = db.rep("bob");
        assertThat(db.as(bob, () -> db.timeline.of(acme, Set.of(), new PageRequest(50, null))).items())
                .as("ada's activities are outside bob's scope; the deal is the module's business")
                .extracting(TimelineEntry::id).containsExactly("d-1");
        db.hiddenCustomers.add(acme);
        assertThatThrownBy(() -> db.as(ada, () -> db.timeline.of(acme, Set.of(), new PageRequest(50, null))))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
    }

    @OnEveryDatabase
    void pagesRunAcrossSourcesWithoutGapsOrRepeats(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        String li = db.contact(acme);
        Instant base = db.clock.now().minus(Duration.ofDays(30));
        List<TimelineEntry> deals = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // several entries share an instant, within and across sources
            Instant at = base.plus(Duration.ofHours(i / 3));
            if (i % 2 == 0) {
                deals.add(deal("d-" + i, at));
                expected.add("d-" + i);
            } else {
                ActivityLink link = i % 3 == 0 ? contact(li) : customer(acme);
                expected.add(db.as(ada, () -> db.store.create(logged(ActivityType.NOTE, "Note", at, null, link)))
                        .id());
            }
        }
        db.timeline.addContributor(new Deals(deals), Map.of(TimelineContributor.CONTRIBUTOR_ID, "sales.deals"));

        for (int size : new int[] {1, 2, 3, 5, 50}) {
            int limit = size;
            List<TimelineEntry> seen = new ArrayList<>();
            String cursor = null;
            do {
                String current = cursor;
                TimelinePage page = db.as(ada, () -> db.timeline.of(acme, Set.of(),
                        PageRequest.of(String.valueOf(limit), current)));
                assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
                seen.addAll(page.items());
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(seen).as("limit " + limit).extracting(TimelineEntry::id)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(seen).isSortedAccordingTo(Comparator.comparing(TimelineEntry::occurredAt)
                    .thenComparing(TimelineEntry::id).reversed());
        }

        List<TimelineEntry> dealsOnly = new ArrayList<>();
        String cursor = null;
        do {
            String current = cursor;
            TimelinePage page = db.as(ada, () -> db.timeline.of(acme, Set.of("sales.deal.won"),
                    PageRequest.of("2", current)));
            dealsOnly.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(dealsOnly).extracting(TimelineEntry::id)
                .containsExactlyInAnyOrderElementsOf(deals.stream().map(TimelineEntry::id).toList());
    }
}
