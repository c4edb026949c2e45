package io.relata.core.customers.pool;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerActivityClock;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.customer.PoolReclaimVeto;
import io.relata.api.security.UserPrincipal;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.Recorded;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.pool.ReclaimReport.Decision;
import io.relata.core.customers.pool.ReclaimReport.Hold;
import io.relata.core.customers.pool.ReclaimReport.Outcome;

class PoolReclaimTest {

    private static final Duration DAY = Duration.ofDays(1);
    /** Small, so a handful of customers make several batches. */
    private static final int BATCH = 3;

    @OnEveryDatabase
    void anIdleCustomerGoesBackToThePoolWithItsReasonAuditedAndAnnounced(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        db.clock.advance(DAY.multipliedBy(31));

        rule(db).run();

        assertThat(ownerOf(db, acme)).isNull();
        assertThat(db.auditOf(acme.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.RELEASED);
            assertThat(entry.reason()).isEqualTo("no activity for 31 days (pool rule)");
            assertThat(entry.actorId()).isEqualTo(UserPrincipal.SYSTEM);
            assertThat(entry.changes()).containsExactly(new FieldChange("ownerId", "ada", null));
        });
        assertThat(db.events(CustomerEvent.Released.class)).singleElement().satisfies(event -> {
            assertThat(event.customerId()).isEqualTo(acme.id());
            assertThat(event.previousOwnerId()).isEqualTo("ada");
            assertThat(event.reason()).isEqualTo("no activity for 31 days (pool rule)");
        });
        Customer inPool = db.as(db.admin("boss"), () -> db.store.find(acme.id())).orElseThrow();
        assertThat(inPool.updatedBy()).isEqualTo(UserPrincipal.SYSTEM);
    }

    @OnEveryDatabase
    void idleTimeCountsFromWhenTheOwnerGotTheCustomer(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser boss = db.admin("boss");
        Customer old = db.as(ada, () -> db.store.create(company("Old"), false));
        Customer claimed = db.as(ada, () -> db.store.create(company("Claimed"), false));
        Customer assigned = db.as(ada, () -> db.store.create(company("Assigned"), false));
        db.as(ada, () -> db.store.release(claimed.id(), "not for me"));
        db.clock.advance(DAY.multipliedBy(20));
        db.as(bob, () -> db.store.claim(claimed.id()));
        db.as(boss, () -> db.store.assign(assigned.id(), "bob", "Bob covers the north"));
        db.clock.advance(DAY.multipliedBy(11));

        ReclaimReport report = runNow(rule(db));

        assertThat(report.decisions()).extracting(Decision::name).containsExactly("Old");
        assertThat(report.reclaimed()).singleElement().satisfies(decision -> {
            assertThat(decision.ownerId()).isEqualTo("ada");
            assertThat(decision.idleDays()).isEqualTo(31);
        });
        assertThat(ownerOf(db, old)).isNull();
        assertThat(ownerOf(db, claimed)).as("claimed 11 days ago").isEqualTo("bob");
        assertThat(ownerOf(db, assigned)).as("assigned 11 days ago").isEqualTo("bob");
        assertThat(db.auditOf(old.id())).last().satisfies(entry ->
                assertThat(entry.reason()).isEqualTo("no activity for 31 days (pool rule, run by admin)"));
    }

    @OnEveryDatabase
    void aRecentActivityReportedByAClockKeepsTheCustomer(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer visited = db.as(ada, () -> db.store.create(company("Visited last week"), false));
        Customer calledLongAgo = db.as(ada, () -> db.store.create(company("Called long ago"), false));
        Customer neverContacted = db.as(ada, () -> db.store.create(company("Never contacted"), false));
        db.clock.advance(DAY.multipliedBy(40));
        Instant now = db.clock.instant();
        List<String> askedAs = new CopyOnWriteArrayList<>();
        PoolReclaim rule = rule(db);
        rule.addClock(ids -> {
            askedAs.add(db.currentUser.require().id());
            return Map.of(visited.id(), now.minus(DAY.multipliedBy(5)));
        }, Map.of());
        rule.addClock(ids -> Map.of(calledLongAgo.id(), now.minus(DAY.multipliedBy(35)),
                visited.id(), now.minus(DAY.multipliedBy(50))), Map.of());

        ReclaimReport report = runNow(rule);

        assertThat(report.recentlyActive()).isEqualTo(1);
        assertThat(report.reclaimed()).extracting(Decision::name, Decision::idleDays)
                .containsExactlyInAnyOrder(tuple("Called long ago", 35L), tuple("Never contacted", 40L));
        assertThat(ownerOf(db, visited)).as("the newest activity of any clock counts").isEqualTo("ada");
        assertThat(ownerOf(db, calledLongAgo)).isNull();
        assertThat(ownerOf(db, neverContacted)).isNull();
        assertThat(db.auditOf(calledLongAgo.id())).last().satisfies(entry ->
                assertThat(entry.reason()).startsWith("no activity for 35 days"));
        assertThat(askedAs).as("hooks are asked as the platform").containsOnly(UserPrincipal.SYSTEM);
    }

    @OnEveryDatabase
    void aVetoKeepsTheCustomerAndTheReportNamesTheHookAndItsReason(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer dealing = db.as(ada, () -> db.store.create(company("Open deal"), false));
        Customer idle = db.as(ada, () -> db.store.create(company("Idle"), false));
        db.clock.advance(DAY.multipliedBy(31));
        Customer fresh = db.as(ada, () -> db.store.create(company("Fresh"), false));
        List<Collection<String>> asked = new CopyOnWriteArrayList<>();
        PoolReclaim rule = rule(db);
        rule.addVeto(ids -> {
            asked.add(List.copyOf(ids));
            return Map.of(dealing.id(), "open deal D-17", "not-asked-about", "ignored");
        }, Map.of("component.name", "io.relata.sales.OpenDeals"));
        rule.addVeto(ids -> Map.of(dealing.id(), " "), Map.of());

        ReclaimReport report = runNow(rule);

        assertThat(asked).as("only idle customers are put to the vetoes").singleElement()
                .satisfies(ids -> assertThat(ids).containsExactlyInAnyOrder(dealing.id(), idle.id()));
        assertThat(report.kept()).singleElement().satisfies(decision -> {
            assertThat(decision.customerId()).isEqualTo(dealing.id());
            assertThat(decision.keptBy()).containsExactly(new Hold("io.relata.sales.OpenDeals", "open deal D-17"),
                    new Hold(decision.keptBy().get(1).hook(), "kept by " + decision.keptBy().get(1).hook()));
            assertThat(decision.keptBy().get(1).hook()).as("a hook without a component name goes by its class")
                    .startsWith(PoolReclaimTest.class.getName());
        });
        assertThat(report.reclaimed()).extracting(Decision::customerId).containsExactly(idle.id());
        assertThat(ownerOf(db, dealing)).isEqualTo("ada");
        assertThat(ownerOf(db, fresh)).isEqualTo("ada");
        assertThat(db.auditOf(dealing.id())).extracting(Recorded::action).doesNotContain(AuditAction.RELEASED);
    }

    @OnEveryDatabase
    void hooksThatThrowKeepTheirBatchAndTheRunGoesOn(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer one = db.as(ada, () -> db.store.create(company("One"), false));
        Customer two = db.as(ada, () -> db.store.create(company("Two"), false));
        db.clock.advance(DAY.multipliedBy(31));
        PoolReclaim rule = rule(db);
        CustomerActivityClock brokenClock = ids -> {
            throw new IllegalStateException("activities table is locked");
        };
        PoolReclaimVeto brokenVeto = ids -> {
            throw new IllegalStateException("sales database unreachable");
        };

        rule.addClock(brokenClock, Map.of("component.name", "activities.Clock"));
        ReclaimReport unknownActivity = runNow(rule);
        assertThat(unknownActivity.kept()).hasSize(2).allSatisfy(decision -> assertThat(decision.keptBy())
                .containsExactly(new Hold("activities.Clock",
                        "activity unknown: the clock failed (activities table is locked)")));

        rule.removeClock(brokenClock);
        rule.addVeto(brokenVeto, Map.of("component.name", "sales.OpenDeals"));
        ReclaimReport vetoFailed = runNow(rule);
        assertThat(vetoFailed.kept()).hasSize(2).allSatisfy(decision -> assertThat(decision.keptBy())
                .containsExactly(new Hold("sales.OpenDeals", "the veto failed (sales database unreachable)")));
        assertThat(ownerOf(db, one)).isEqualTo("ada");
        assertThat(ownerOf(db, two)).isEqualTo("ada");

        rule.removeVeto(brokenVeto);
        assertThat(runNow(rule).reclaimed()).as("gone hooks are not asked any more").hasSize(2);
    }

    @OnEveryDatabase
    void oneCustomerFailingDoesNotStopTheOthers(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer one = db.as(ada, () -> db.store.create(company("One"), false));
        Customer failing = db.as(ada, () -> db.store.create(company("Failing"), false));
        Customer three = db.as(ada, () -> db.store.create(company("Three"), false));
        db.clock.advance(DAY.multipliedBy(31));
        db.whilePublishing = event -> {
            if (event instanceof CustomerEvent.Released released && released.customerId().equals(failing.id())) {
                throw new IllegalStateException("disk full");
            }
        };

        ReclaimReport report = runNow(rule(db));

        assertThat(report.failed()).singleElement().satisfies(decision -> {
            assertThat(decision.customerId()).isEqualTo(failing.id());
            assertThat(decision.failure()).isEqualTo("disk full");
        });
        assertThat(report.reclaimed()).extracting(Decision::customerId).containsExactlyInAnyOrder(one.id(), three.id());
        assertThat(ownerOf(db, failing)).as("its transaction rolled back").isEqualTo("ada");
        assertThat(db.auditOf(failing.id())).extracting(Recorded::action).doesNotContain(AuditAction.RELEASED);

        db.whilePublishing = event -> { };
        assertThat(runNow(rule(db)).reclaimed()).as("tried again next run").extracting(Decision::customerId)
                .containsExactly(failing.id());
    }

    @OnEveryDatabase
    void poolAndDeletedCustomersAreNotLookedAt(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer owned = db.as(ada, () -> db.store.create(company("Owned"), false));
        Customer pooled = db.as(ada, () -> db.store.create(company("Pooled"), false));
        Customer deleted = db.as(ada, () -> db.store.create(company("Deleted"), false));
        db.as(ada, () -> db.store.release(pooled.id(), "not for me"));
        db.as(ada, () -> db.store.delete(deleted.id(), "\"1\""));
        db.clock.advance(DAY.multipliedBy(31));
        List<String> asked = new CopyOnWriteArrayList<>();
        PoolReclaim rule = rule(db);
        rule.addClock(ids -> {
            asked.addAll(ids);
            return Map.of();
        }, Map.of());

        ReclaimReport report = runNow(rule);

        assertThat(asked).containsExactly(owned.id());
        assertThat(report.decisions()).extracting(Decision::customerId).containsExactly(owned.id());
        assertThat(db.auditOf(pooled.id())).extracting(Recorded::action).containsOnlyOnce(AuditAction.RELEASED);
        assertThat(db.auditOf(deleted.id())).extracting(Recorded::action).doesNotContain(AuditAction.RELEASED);
    }

    @OnEveryDatabase
    void zeroDaysTurnsTheRuleOffAndTheSettingIsFollowed(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        db.clock.advance(DAY.multipliedBy(400));
        db.setting("pool_reclaimAfterDays", 0);
        List<String> asked = new CopyOnWriteArrayList<>();
        PoolReclaim rule = rule(db);
        rule.addClock(ids -> {
            asked.addAll(ids);
            return Map.of();
        }, Map.of());

        ReclaimReport off = runNow(rule);

        assertThat(off.ruleOff()).isTrue();
        assertThat(off.decisions()).isEmpty();
        assertThat(asked).isEmpty();
        assertThat(ownerOf(db, acme)).isEqualTo("ada");

        db.setting("pool_reclaimAfterDays", 401);
        rule.modified(db.poolSettings());
        assertThat(runNow(rule).candidates()).as("400 days is within 401").isZero();
        db.setting("pool_reclaimAfterDays", 365);
        rule.modified(db.poolSettings());
        assertThat(runNow(rule).reclaimed()).extracting(Decision::idleDays).containsExactly(400L);
    }

    @OnEveryDatabase
    void aDryRunJudgesButChangesNothing(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer idle = db.as(ada, () -> db.store.create(company("Idle"), false));
        Customer dealing = db.as(ada, () -> db.store.create(company("Open deal"), false));
        db.clock.advance(DAY.multipliedBy(31));
        PoolReclaim rule = rule(db);
        rule.addVeto(ids -> Map.of(dealing.id(), "open deal D-17"), Map.of("component.name", "sales"));
        int auditBefore = db.auditOf(idle.id()).size();

        ReclaimReport dryRun = rule.runNow(true, "admin");

        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.wouldReclaim()).extracting(Decision::customerId).containsExactly(idle.id());
        assertThat(dryRun.kept()).extracting(Decision::customerId).containsExactly(dealing.id());
        assertThat(dryRun.reclaimed()).isEmpty();
        assertThat(ownerOf(db, idle)).isEqualTo("ada");
        assertThat(db.auditOf(idle.id())).hasSize(auditBefore);
        assertThat(db.events(CustomerEvent.Released.class)).isEmpty();

        assertThat(runNow(rule).reclaimed()).extracting(Decision::customerId).containsExactly(idle.id());
    }

    @OnEveryDatabase
    void aSecondRunFindsNothing(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        db.as(ada, () -> db.store.create(company("One"), false));
        db.as(ada, () -> db.store.create(company("Two"), false));
        db.clock.advance(DAY.multipliedBy(31));
        PoolReclaim rule = rule(db);

        assertThat(runNow(rule).reclaimed()).hasSize(2);
        ReclaimReport second = runNow(rule);

        assertThat(second.candidates()).isZero();
        assertThat(db.events(CustomerEvent.Released.class)).hasSize(2);
    }

    @OnEveryDatabase
    void customersAreJudgedInBatches(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        int count = 2 * BATCH + 1;
        IntStream.range(0, count).forEach(i ->
                db.as(ada, () -> db.store.create(company(String.format("Customer %03d", i)), false)));
        db.clock.advance(DAY.multipliedBy(31));
        List<Integer> clockBatches = new CopyOnWriteArrayList<>();
        List<Integer> vetoBatches = new CopyOnWriteArrayList<>();
        PoolReclaim rule = rule(db);
        rule.addClock(ids -> {
            clockBatches.add(ids.size());
            return Map.of();
        }, Map.of());
        rule.addVeto(ids -> {
            vetoBatches.add(ids.size());
            return Map.of();
        }, Map.of());

        ReclaimReport report = runNow(rule);

        assertThat(clockBatches).containsExactly(BATCH, BATCH, 1);
        assertThat(vetoBatches).containsExactly(BATCH, BATCH, 1);
        assertThat(report.reclaimed()).hasSize(count);
        assertThat(report.decisions()).extracting(Decision::customerId).doesNotHaveDuplicates();
    }

    @OnEveryDatabase
    void aCustomerChangedWhileTheHooksAreAskedStays(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer touched = db.as(ada, () -> db.store.create(company("Touched"), false));
        db.clock.advance(DAY.multipliedBy(31));
        PoolReclaim rule = rule(db);
        rule.addVeto(ids -> {
            db.as(ada, () -> db.store.change(touched.id(), "\"1\"",
                    current -> CustomerFixture.with(current, "legalName", "Touched Ltd"), false));
            return Map.of();
        }, Map.of());

        ReclaimReport report = runNow(rule);

        assertThat(report.changedMeanwhile()).extracting(Decision::customerId).containsExactly(touched.id());
        assertThat(ownerOf(db, touched)).isEqualTo("ada");
        assertThat(runNow(rule(db)).reclaimed()).as("judged again next run").hasSize(1);
    }

    // ---- two cluster nodes ------------------------------------------------------------------------------------

    @OnEveryDatabase
    void aNodeThatJudgedBeforeAnotherReclaimedLeavesTheCustomer(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        db.clock.advance(DAY.multipliedBy(31));
        try (CustomerFixture otherNode = db.anotherNode()) {
            PoolReclaim first = rule(db);
            PoolReclaim second = new PoolReclaim(otherNode.store, otherNode.currentUser, otherNode.clock,
                    otherNode.poolSettings(), BATCH);
            List<ReclaimReport> firstReports = new ArrayList<>();
            // the second node has judged Acme idle when the first node reclaims it
            second.addVeto(ids -> {
                firstReports.add(first.runNow(false, "node 1"));
                return Map.of();
            }, Map.of());

            ReclaimReport secondReport = second.runNow(false, "node 2");

            assertThat(firstReports).singleElement().satisfies(report ->
                    assertThat(report.reclaimed()).extracting(Decision::customerId).containsExactly(acme.id()));
            assertThat(secondReport.changedMeanwhile()).extracting(Decision::customerId)
                    .containsExactly(acme.id());
            assertThat(releases(db, acme)).hasSize(1);
            assertThat(releases(otherNode, acme)).isEmpty();
            assertThat(otherNode.events(CustomerEvent.Released.class)).isEmpty();
        }
    }

    @OnEveryDatabase
    void whenTwoNodesReclaimAtOnceTheSecondWaitsAndLeavesTheCustomer(CustomerFixture db) throws Exception {
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        db.clock.advance(DAY.multipliedBy(31));
        try (CustomerFixture otherNode = db.anotherNode()) {
            CountDownLatch firstWrote = new CountDownLatch(1);
            CountDownLatch secondJudged = new CountDownLatch(1);
            // the first node holds its transaction open, row written and locked, until the second has judged
            db.whilePublishing = event -> {
                firstWrote.countDown();
                await(secondJudged);
                pause(300);
            };
            PoolReclaim first = rule(db);
            PoolReclaim second = new PoolReclaim(otherNode.store, otherNode.currentUser, otherNode.clock,
                    otherNode.poolSettings(), BATCH);
            second.addVeto(ids -> {
                secondJudged.countDown();
                return Map.of();
            }, Map.of());

            CompletableFuture<ReclaimReport> firstRun = CompletableFuture.supplyAsync(() ->
                    first.runNow(false, "node 1"));
            assertThat(firstWrote.await(20, TimeUnit.SECONDS)).isTrue();
            ReclaimReport secondReport = second.runNow(false, "node 2");
            ReclaimReport firstReport = firstRun.get(20, TimeUnit.SECONDS);

            assertThat(firstReport.reclaimed()).extracting(Decision::customerId).containsExactly(acme.id());
            assertThat(secondReport.failed()).isEmpty();
            assertThat(secondReport.reclaimed()).isEmpty();
            assertThat(releases(db, acme)).hasSize(1);
            assertThat(releases(otherNode, acme)).isEmpty();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static PoolReclaim rule(CustomerFixture db) {
        return new PoolReclaim(db.store, db.currentUser, db.clock, db.poolSettings(), BATCH);
    }

    private static ReclaimReport runNow(PoolReclaim rule) {
        ReclaimReport report = rule.runNow(false, "admin");
        assertThat(report.dryRun()).isFalse();
        return report;
    }

    private static String ownerOf(CustomerFixture db, Customer customer) {
        return db.as(db.admin("auditor"), () -> db.store.find(customer.id())).orElseThrow().ownerId();
    }

    private static List<Recorded> releases(CustomerFixture node, Customer customer) {
        return node.auditOf(customer.id()).stream().filter(entry -> entry.action().equals(AuditAction.RELEASED))
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
