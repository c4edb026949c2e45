package io.relata.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.NewAuditEntry;
import io.relata.api.audit.RecordVisibility;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.UserPrincipal;
import io.relata.testing.MutableClock;

/** What the audit trail records, and to whom and in which order it shows a record's history. */
class JdbcAuditTrailTest {

    private static final String CUSTOMER = "customer";
    private static final RecordVisibility EVERY_RECORD = recordId -> true;
    private static final PageRequest ALL = new PageRequest(PageRequest.MAX_LIMIT, null);

    private final MutableClock clock = new MutableClock(AuditFixture.START);

    @OnEveryDatabase
    void recordedChangesComeBackInTheOrderTheyWereGiven(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);

        trail.record(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(
                new FieldChange("stage", "LEAD", "CUSTOMER"),
                new FieldChange("amount", "100", "250.5"),
                new FieldChange("cf.region", "north", "south")), "signed the contract");

        assertThat(trail.history(CUSTOMER, "c-1", ALL).items()).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isNotBlank();
            assertThat(entry.recordType()).isEqualTo(CUSTOMER);
            assertThat(entry.recordId()).isEqualTo("c-1");
            assertThat(entry.action()).isEqualTo(AuditAction.UPDATED);
            assertThat(entry.occurredAt()).isEqualTo(clock.now().truncatedTo(ChronoUnit.MICROS));
            assertThat(entry.reason()).isEqualTo("signed the contract");
            assertThat(entry.changes()).containsExactly(
                    new FieldChange("stage", "LEAD", "CUSTOMER"),
                    new FieldChange("amount", "100", "250.5"),
                    new FieldChange("cf.region", "north", "south"));
        });
    }

    @OnEveryDatabase
    void chineseTextAndMissingValuesAreKept(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);

        trail.record(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(
                new FieldChange("name", "上海浦东贸易有限公司", "北京朝阳科技有限公司"),
                new FieldChange("phone", null, "+86 21 5555 0100"),
                new FieldChange("fax", "+86 21 5555 0199", null)), "客户要求更名");

        AuditEntry entry = trail.history(CUSTOMER, "c-1", ALL).items().get(0);
        assertThat(entry.changes()).containsExactly(
                new FieldChange("name", "上海浦东贸易有限公司", "北京朝阳科技有限公司"),
                new FieldChange("phone", null, "+86 21 5555 0100"),
                new FieldChange("fax", "+86 21 5555 0199", null));
        assertThat(entry.reason()).isEqualTo("客户要求更名");
    }

    @OnEveryDatabase
    void anActionWithoutChangesHasNone(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);

        trail.record(CUSTOMER, "c-1", AuditAction.DELETED, List.of(), null);
        trail.record(CUSTOMER, "c-1", AuditAction.RESTORED, null, null);

        assertThat(trail.history(CUSTOMER, "c-1", ALL).items())
                .extracting(AuditEntry::action, AuditEntry::changes, AuditEntry::reason)
                .containsExactlyInAnyOrder(tuple(AuditAction.DELETED, List.of(), null),
                        tuple(AuditAction.RESTORED, List.of(), null));
    }

    @OnEveryDatabase
    void textLongerThanItsColumnIsCutRatherThanRefused(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        String notes = "说".repeat(5000);
        // the cut would fall between the two halves of the emoji: it goes whole
        String emojiAtTheCut = "a".repeat(3998) + "😀" + "b".repeat(100);

        trail.record(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(
                new FieldChange("notes", notes, "x".repeat(5000)),
                new FieldChange("description", null, emojiAtTheCut)), "r".repeat(600));

        AuditEntry entry = trail.history(CUSTOMER, "c-1", ALL).items().get(0);
        assertThat(entry.changes().get(0).oldValue()).hasSize(4000).isEqualTo("说".repeat(3999) + "…");
        assertThat(entry.changes().get(0).newValue()).hasSize(4000).isEqualTo("x".repeat(3999) + "…");
        assertThat(entry.changes().get(1).newValue()).isEqualTo("a".repeat(3998) + "…");
        assertThat(entry.reason()).hasSize(500).isEqualTo("r".repeat(499) + "…");
    }

    @OnEveryDatabase
    void theSystemActsWhenNobodyIsSignedIn(AuditFixture fixture) {
        JdbcAuditTrail withoutSecurity = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        JdbcAuditTrail forNobody = fixture.trail(clock, SignedIn.nobody(), CUSTOMER, EVERY_RECORD);

        withoutSecurity.record(CUSTOMER, "c-1", AuditAction.IMPORTED, List.of(), null);
        forNobody.record(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(), null);

        assertThat(withoutSecurity.history(CUSTOMER, "c-1", ALL).items())
                .extracting(AuditEntry::actorId, AuditEntry::actorName)
                .containsOnly(tuple(UserPrincipal.SYSTEM, UserPrincipal.SYSTEM)).hasSize(2);
    }

    @OnEveryDatabase
    void theSignedInUserIsTheActor(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, SignedIn.as("u-ada", "ada"), CUSTOMER, EVERY_RECORD);

        trail.record(CUSTOMER, "c-1", AuditAction.CLAIMED, List.of(), null);

        assertThat(trail.history(CUSTOMER, "c-1", ALL).items()).singleElement()
                .extracting(AuditEntry::actorId, AuditEntry::actorName).containsExactly("u-ada", "ada");
    }

    @OnEveryDatabase
    void historyIsNewestFirstAndOfThatRecordOnly(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        trail.record(CUSTOMER, "c-1", AuditAction.CREATED, List.of(), null);
        clock.advance(Duration.ofNanos(1_000));
        trail.record(CUSTOMER, "c-2", AuditAction.CREATED, List.of(), null);
        trail.record("lead", "c-1", AuditAction.CREATED, List.of(), null);
        trail.record(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(), null);
        clock.advance(Duration.ofSeconds(1));
        trail.record(CUSTOMER, "c-1", AuditAction.DELETED, List.of(), null);

        assertThat(trail.history(CUSTOMER, "c-1", ALL).items()).extracting(AuditEntry::action)
                .containsExactly(AuditAction.DELETED, AuditAction.UPDATED, AuditAction.CREATED);
    }

    @OnEveryDatabase
    void pagesFollowEachOtherWhenEntriesShareATimeStamp(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        for (int i = 0; i < 7; i++) {
            trail.record(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(new FieldChange("n", null, "" + i)), null);
        }

        List<AuditEntry> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Cursor cursor = null;
        do {
            Page<AuditEntry> page = trail.history(CUSTOMER, "c-1", new PageRequest(3, cursor));
            seen.addAll(page.items());
            pageSizes.add(page.items().size());
            cursor = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).isEqualTo(trail.history(CUSTOMER, "c-1", ALL).items());
        assertThat(seen).extracting(AuditEntry::id).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.reverseOrder());
        // each entry still has its own change once the page is put together
        assertThat(seen).extracting(entry -> entry.changes().get(0).newValue())
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6");
    }

    @OnEveryDatabase
    void aCursorThatIsNotOfThisHistoryIsABadRequest(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        trail.record(CUSTOMER, "c-1", AuditAction.CREATED, List.of(), null);

        for (Cursor foreign : List.of(Cursor.of("yesterday", "c-1"), Cursor.of(clock.now().toString()))) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> trail.history(CUSTOMER, "c-1", new PageRequest(10, foreign)));

            assertThat(refused.problem().status()).isEqualTo(400);
            assertThat(refused.problem().errors()).singleElement()
                    .satisfies(error -> assertThat(error.field()).isEqualTo("cursor"));
        }
    }

    @OnEveryDatabase
    void aRecordTheUserMayNotSeeIsNotFoundJustLikeOneThatDoesNotExist(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, recordId -> recordId.equals("mine"));
        trail.record(CUSTOMER, "mine", AuditAction.CREATED, List.of(), null);
        trail.record(CUSTOMER, "theirs", AuditAction.CREATED, List.of(), null);

        assertThat(trail.history(CUSTOMER, "mine", ALL).items()).hasSize(1);
        ProblemException hidden = notFound(trail, CUSTOMER, "theirs");
        ProblemException missing = notFound(trail, CUSTOMER, "nowhere");
        assertThat(hidden.problem().detail().replace("theirs", "ID"))
                .isEqualTo(missing.problem().detail().replace("nowhere", "ID"));
    }

    @OnEveryDatabase
    void aRecordTypeNobodyAnswersForIsNotFound(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        trail.record("lead", "l-1", AuditAction.CREATED, List.of(), null);

        notFound(trail, "lead", "l-1");
        notFound(trail, null, "l-1");
    }

    @OnEveryDatabase
    void aModuleGoingAwayTakesItsRecordsHistoryWithIt(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        trail.record(CUSTOMER, "c-1", AuditAction.CREATED, List.of(), null);

        trail.removeVisibility(EVERY_RECORD, Map.of(RecordVisibility.RECORD_TYPE, CUSTOMER));

        notFound(trail, CUSTOMER, "c-1");
    }

    @OnEveryDatabase
    void twoModulesAnsweringForOneTypeMustBothAgree(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        trail.record(CUSTOMER, "c-1", AuditAction.CREATED, List.of(), null);
        RecordVisibility stricter = recordId -> false;

        trail.addVisibility(stricter, Map.of(RecordVisibility.RECORD_TYPE, CUSTOMER));
        notFound(trail, CUSTOMER, "c-1");

        trail.removeVisibility(stricter, Map.of(RecordVisibility.RECORD_TYPE, CUSTOMER));
        assertThat(trail.history(CUSTOMER, "c-1", ALL).items()).hasSize(1);
    }

    @OnEveryDatabase
    void aVisibilityThatFailsCountsAsNotVisible(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, recordId -> {
            throw new IllegalStateException("customers' scope query failed");
        });
        trail.record(CUSTOMER, "c-1", AuditAction.CREATED, List.of(), null);

        notFound(trail, CUSTOMER, "c-1");
    }

    @OnEveryDatabase
    void anEntryIsPartOfTheCallersTransaction(AuditFixture fixture) throws Exception {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);

        fixture.rolledBack(() -> trail.record(CUSTOMER, "c-1", AuditAction.UPDATED,
                List.of(new FieldChange("name", "Old", "New")), null));

        assertThat(fixture.count("core_audit_entry")).isZero();
    }

    @OnEveryDatabase
    void malformedEntriesAreRefusedAndNothingIsWritten(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        List<FieldChange> none = List.of();

        for (String action : new String[] {null, "", "updated", "UPDATED!", "RE-OPENED", "A".repeat(41)}) {
            assertThatIllegalArgumentException().as("action %s", action)
                    .isThrownBy(() -> trail.record(CUSTOMER, "c-1", action, none, null));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> trail.record(" ", "c-1", "UPDATED", none, null));
        assertThatIllegalArgumentException().isThrownBy(() -> trail.record(CUSTOMER, null, "UPDATED", none, null));
        assertThatIllegalArgumentException().isThrownBy(() -> trail.record(CUSTOMER, "c".repeat(65), "UPDATED",
                none, null));
        assertThatIllegalArgumentException().isThrownBy(() -> trail.record(CUSTOMER, "c-1", "UPDATED",
                List.of(new FieldChange("f".repeat(201), null, "x")), null));
        assertThat(fixture.count("core_audit_entry")).isZero();

        trail.record(CUSTOMER, "c-1", "PRICE_APPROVED", none, null);
        assertThat(fixture.count("core_audit_entry")).isOne();
    }

    @OnEveryDatabase
    void manyEntriesAreWrittenWithOneStatementEachKeepingItsOwnChanges(AuditFixture fixture) {
        AtomicInteger prepared = new AtomicInteger();
        JdbcAuditTrail trail = fixture.countingTrail(clock, CUSTOMER, EVERY_RECORD, prepared);

        trail.recordAll(List.of(
                new NewAuditEntry(CUSTOMER, "c-1", AuditAction.CREATED, List.of(
                        new FieldChange("name", null, "上海浦东贸易有限公司"),
                        new FieldChange("tags", null, "vip, east")), null),
                new NewAuditEntry(CUSTOMER, "c-2", AuditAction.DELETED, List.of(), null),
                new NewAuditEntry(CUSTOMER, "c-3", AuditAction.RELEASED, List.of(
                        new FieldChange("ownerId", "u-1", null)), "r".repeat(600))));

        assertThat(prepared).as("one INSERT for the entries and their changes, however many").hasValue(1);
        assertThat(trail.history(CUSTOMER, "c-1", ALL).items()).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.CREATED);
            assertThat(entry.actorId()).isEqualTo(UserPrincipal.SYSTEM);
            assertThat(entry.occurredAt()).isEqualTo(clock.now().truncatedTo(ChronoUnit.MICROS));
            assertThat(entry.changes()).containsExactly(new FieldChange("name", null, "上海浦东贸易有限公司"),
                    new FieldChange("tags", null, "vip, east"));
        });
        assertThat(trail.history(CUSTOMER, "c-2", ALL).items()).singleElement()
                .satisfies(entry -> assertThat(entry.changes()).isEmpty());
        assertThat(trail.history(CUSTOMER, "c-3", ALL).items()).singleElement().satisfies(entry -> {
            assertThat(entry.changes()).containsExactly(new FieldChange("ownerId", "u-1", null));
            assertThat(entry.reason()).hasSize(500).endsWith("…");
        });

        prepared.set(0);
        trail.recordAll(List.of());
        assertThat(prepared).as("nothing to write, nothing sent").hasValue(0);
    }

    @OnEveryDatabase
    void oneMalformedEntryAmongManyWritesNoneOfThem(AuditFixture fixture) {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        NewAuditEntry good = new NewAuditEntry(CUSTOMER, "c-1", AuditAction.CREATED, List.of(), null);

        assertThatIllegalArgumentException().isThrownBy(() -> trail.recordAll(List.of(good,
                new NewAuditEntry(CUSTOMER, "c-2", "created", List.of(), null))));
        assertThatIllegalArgumentException().isThrownBy(() -> trail.recordAll(List.of(good,
                new NewAuditEntry(CUSTOMER, "c-2", AuditAction.UPDATED,
                        java.util.Arrays.asList(new FieldChange("name", "a", "b"), null), null))));
        assertThatIllegalArgumentException().isThrownBy(() -> trail.recordAll(java.util.Arrays.asList(good, null)));
        assertThatIllegalArgumentException().isThrownBy(() -> trail.recordAll(null));

        assertThat(fixture.count("core_audit_entry")).isZero();
    }

    @OnEveryDatabase
    void manyEntriesArePartOfTheCallersTransaction(AuditFixture fixture) throws Exception {
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);

        fixture.rolledBack(() -> trail.recordAll(List.of(
                new NewAuditEntry(CUSTOMER, "c-1", AuditAction.UPDATED, List.of(new FieldChange("name", "a", "b")),
                        null),
                new NewAuditEntry(CUSTOMER, "c-2", AuditAction.DELETED, List.of(), null))));

        assertThat(fixture.count("core_audit_entry")).isZero();
    }

    /**
     * A measurement, run by hand with {@code -Drelata.test.auditThroughputEntries=20000}: entries with an import's
     * changes (18 fields each) written one call each, then 200 a call, in one transaction; prints entries a second.
     */
    @OnEveryDatabase
    @EnabledIfSystemProperty(named = "relata.test.auditThroughputEntries", matches = "\\d+")
    void measureOneByOneAgainstMany(AuditFixture fixture) throws Exception {
        int count = Integer.getInteger("relata.test.auditThroughputEntries");
        JdbcAuditTrail trail = fixture.trail(clock, null, CUSTOMER, EVERY_RECORD);
        List<FieldChange> created = new ArrayList<>();
        for (int field = 0; field < 18; field++) {
            created.add(new FieldChange("field" + field, null, "value " + field));
        }
        long oneByOne = timed(fixture, () -> {
            for (int i = 0; i < count; i++) {
                trail.record(CUSTOMER, "a-" + i, AuditAction.CREATED, created, null);
            }
        });
        long many = timed(fixture, () -> {
            List<NewAuditEntry> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(new NewAuditEntry(CUSTOMER, "b-" + i, AuditAction.CREATED, created, null));
                if (batch.size() == 200 || i == count - 1) {
                    trail.recordAll(batch);
                    batch.clear();
                }
            }
        });
        System.out.printf("%s: %,d audit entries of 18 changes: one call each %,.0f/s, 200 a call %,.0f/s%n",
                fixture, count, count / (oneByOne / 1e9), count / (many / 1e9));
    }

    private static long timed(AuditFixture fixture, Runnable work) throws Exception {
        long started = System.nanoTime();
        fixture.rolledBack(work);
        return System.nanoTime() - started;
    }

    private static ProblemException notFound(JdbcAuditTrail trail, String recordType, String recordId) {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> trail.history(recordType, recordId, ALL));
        assertThat(refused).as("history of %s %s", recordType, recordId).isNotNull();
        assertThat(refused.problem().status()).isEqualTo(404);
        return refused;
    }
}
