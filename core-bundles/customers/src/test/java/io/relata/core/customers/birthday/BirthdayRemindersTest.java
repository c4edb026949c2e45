package io.relata.core.customers.birthday;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.security.UserPrincipal;
import io.relata.core.customers.birthday.BirthdayReport.Outcome;
import io.relata.core.customers.birthday.BirthdayReport.Reminder;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.testing.MutableClock;

/**
 * The birthday reminders on H2 and PostgreSQL, with the contacts written through the contact store. Notifications
 * go to {@link TestNotifications}, an in-test stand-in that keeps the real one's (user, key) uniqueness: the
 * notifications bundle itself is tested in its own module.
 */
class BirthdayRemindersTest {

    /** Small, so a handful of contacts with the same birthday make several batches. */
    private static final int BATCH = 2;
    private static final Duration DAY = Duration.ofDays(1);

    // ---- the window ---------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void theOwnerIsToldOfBirthdaysFromTodayOnForDaysAheadDays(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact yesterday = setup.contact(acme, "Wang", "Fang", LocalDate.of(1980, 6, 9));
        Contact today = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 10));
        Contact lastDay = setup.contact(acme, "Mary", "Major", LocalDate.of(1990, 6, 16));
        Contact dayAfter = setup.contact(acme, "John", "Doe", LocalDate.of(1990, 6, 17));
        setup.contact(acme, "No", "Birthday", null);

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.from()).isEqualTo(LocalDate.of(2026, 6, 10));
        assertThat(report.to()).as("7 days, today included").isEqualTo(LocalDate.of(2026, 6, 16));
        assertThat(report.reminders()).extracting(Reminder::contactId, Reminder::date, Reminder::outcome)
                .containsExactly(tuple(today.id(), LocalDate.of(2026, 6, 10), Outcome.NOTIFIED),
                        tuple(lastDay.id(), LocalDate.of(2026, 6, 16), Outcome.NOTIFIED));
        assertThat(setup.notifications.raised).extracting(NotificationRequest::recordId)
                .containsExactly(today.id(), lastDay.id())
                .doesNotContain(yesterday.id(), dayAfter.id());
        NotificationRequest li = setup.notifications.raised.get(0);
        assertThat(li.userId()).isEqualTo("ada");
        assertThat(li.kind()).isEqualTo("contact.birthday");
        assertThat(li.key()).isEqualTo("birthday:" + today.id() + ":2026");
        assertThat(li.title()).isEqualTo("Birthday of Lei Li (ACME) on 2026-06-10");
        assertThat(li.body()).isNull();
        assertThat(li.recordType()).isEqualTo("contact");
        assertThat(li.recordId()).isEqualTo(today.id());
        assertThat(li.params()).isEqualTo(Map.of("contactName", "Lei Li", "customerName", "ACME",
                "customerId", acme.id(), "date", "2026-06-10", "age", "40", "doNotContact", "false"));
    }

    @OnEveryDatabase
    void theWindowWrapsTheYearEndWithTheNextYearsKey(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-12-28T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        setup.contact(acme, "Dec", "27", LocalDate.of(1980, 12, 27));
        Contact dec28 = setup.contact(acme, "Dec", "28", LocalDate.of(1980, 12, 28));
        Contact dec31 = setup.contact(acme, "Dec", "31", LocalDate.of(1980, 12, 31));
        Contact jan1 = setup.contact(acme, "Jan", "1", LocalDate.of(1980, 1, 1));
        Contact jan3 = setup.contact(acme, "Jan", "3", LocalDate.of(1980, 1, 3));
        Contact jan4 = setup.contact(acme, "Jan", "4", LocalDate.of(1980, 1, 4));

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.to()).isEqualTo(LocalDate.of(2027, 1, 3));
        assertThat(report.reminders()).extracting(Reminder::contactId, Reminder::date, Reminder::key,
                        Reminder::age)
                .containsExactly(tuple(dec28.id(), LocalDate.of(2026, 12, 28), "birthday:" + dec28.id() + ":2026", 46),
                        tuple(dec31.id(), LocalDate.of(2026, 12, 31), "birthday:" + dec31.id() + ":2026", 46),
                        tuple(jan1.id(), LocalDate.of(2027, 1, 1), "birthday:" + jan1.id() + ":2027", 47),
                        tuple(jan3.id(), LocalDate.of(2027, 1, 3), "birthday:" + jan3.id() + ":2027", 47));
        assertThat(setup.notifications.raised).filteredOn(request -> request.recordId().equals(jan1.id()))
                .singleElement().satisfies(request -> {
                    assertThat(request.title()).isEqualTo("Birthday of Jan 1 (ACME) on 2027-01-01");
                    assertThat(request.params()).containsEntry("date", "2027-01-01").containsEntry("age", "47");
                });

        // on 1 January the same birthdays have the same keys: nobody is told twice; 4 January is new
        setup.clock.advance(DAY.multipliedBy(4));
        BirthdayReport newYear = setup.reminders.runNow(null, false);
        assertThat(newYear.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                .containsExactly(tuple(jan1.id(), Outcome.ALREADY_NOTIFIED), tuple(jan3.id(), Outcome.ALREADY_NOTIFIED),
                        tuple(jan4.id(), Outcome.NOTIFIED));
        assertThat(setup.notifications.raised).extracting(NotificationRequest::key)
                .containsExactly("birthday:" + dec28.id() + ":2026", "birthday:" + dec31.id() + ":2026",
                        "birthday:" + jan1.id() + ":2027", "birthday:" + jan3.id() + ":2027",
                        "birthday:" + jan4.id() + ":2027");
    }

    @OnEveryDatabase
    void todayIsTheDateInUtc(CustomerFixture db) {
        // 23:30 UTC on 9 June is already 10 June in Shanghai: the reminders still go by the UTC date
        Setup setup = new Setup(db, "2026-06-09T23:30:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact june9 = setup.contact(acme, "June", "Nine", LocalDate.of(1980, 6, 9));
        Contact june16 = setup.contact(acme, "June", "Sixteen", LocalDate.of(1980, 6, 16));

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.from()).isEqualTo(LocalDate.of(2026, 6, 9));
        assertThat(report.reminders()).extracting(Reminder::contactId).containsExactly(june9.id())
                .doesNotContain(june16.id());
    }

    // ---- 29 February ----------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void aLeapDayBirthdayFallsOnTheTwentyEighthInOtherYears(CustomerFixture db) {
        Setup setup = new Setup(db, "2027-02-25T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact leap = setup.contact(acme, "Leap", "Day", LocalDate.of(2000, 2, 29));
        Contact feb28 = setup.contact(acme, "Feb", "Twentyeight", LocalDate.of(1999, 2, 28));
        Contact mar1 = setup.contact(acme, "March", "First", LocalDate.of(1999, 3, 1));

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.reminders()).extracting(Reminder::contactId, Reminder::date, Reminder::key)
                .containsExactlyInAnyOrder(
                        tuple(leap.id(), LocalDate.of(2027, 2, 28), "birthday:" + leap.id() + ":2027"),
                        tuple(feb28.id(), LocalDate.of(2027, 2, 28), "birthday:" + feb28.id() + ":2027"),
                        tuple(mar1.id(), LocalDate.of(2027, 3, 1), "birthday:" + mar1.id() + ":2027"));
        assertThat(setup.notifications.raised).filteredOn(request -> request.recordId().equals(leap.id()))
                .singleElement().satisfies(request -> assertThat(request.title())
                        .isEqualTo("Birthday of Leap Day (ACME) on 2027-02-28"));
    }

    @OnEveryDatabase
    void aLeapDayBirthdayIsOnTheTwentyNinthInLeapYearsAndOnlyThen(CustomerFixture db) {
        Setup setup = new Setup(db, "2028-02-22T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact leap = setup.contact(acme, "Leap", "Day", LocalDate.of(2000, 2, 29));
        Contact feb28 = setup.contact(acme, "Feb", "Twentyeight", LocalDate.of(1999, 2, 28));

        // 22 to 28 February 2028: the 29th is not in it
        assertThat(setup.reminders.runNow(null, true).reminders()).extracting(Reminder::contactId)
                .containsExactly(feb28.id());
        // 23 to 29 February 2028
        setup.clock.advance(DAY);
        assertThat(setup.reminders.runNow(null, true).reminders())
                .extracting(Reminder::contactId, Reminder::date)
                .containsExactly(tuple(feb28.id(), LocalDate.of(2028, 2, 28)),
                        tuple(leap.id(), LocalDate.of(2028, 2, 29)));
        // 1 to 7 March 2028: gone, not moved to March
        setup.clock.advance(DAY.multipliedBy(7));
        assertThat(setup.reminders.runNow(null, true).reminders()).isEmpty();
    }

    @OnEveryDatabase
    void inOtherYearsAWindowEndingOnTheTwentyEighthHasTheLeapDayAndOneFromMarchOnHasNot(CustomerFixture db) {
        Setup setup = new Setup(db, "2027-02-22T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact leap = setup.contact(acme, "Leap", "Day", LocalDate.of(2000, 2, 29));

        assertThat(setup.reminders.runNow(null, true).reminders()).as("22 to 28 February 2027")
                .extracting(Reminder::contactId, Reminder::date)
                .containsExactly(tuple(leap.id(), LocalDate.of(2027, 2, 28)));
        setup.clock.advance(DAY.multipliedBy(7));
        assertThat(setup.reminders.runNow(null, true).reminders()).as("1 to 7 March 2027").isEmpty();
    }

    // ---- who is told ------------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void poolCustomersDeletedRecordsAndInactiveOwnersTellNobody(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        LocalDate birthday = LocalDate.of(1980, 6, 12);
        Customer owned = setup.customer("ada", "Owned");
        Customer pooled = setup.customer("ada", "Pooled");
        Customer deleted = setup.customer("ada", "Deleted");
        Customer ofBob = setup.customer("bob", "Bob's");
        Contact told = setup.contact(owned, "Told", "One", birthday);
        Contact deletedContact = setup.contact(owned, "Deleted", "Contact", birthday);
        Contact inPool = setup.contact(pooled, "In", "Pool", birthday);
        Contact ofDeletedCustomer = setup.contact(deleted, "Of", "Deleted", birthday);
        Contact ofInactive = setup.contact(ofBob, "Of", "Inactive", birthday);
        db.as(setup.ada, () -> db.store.release(pooled.id(), "not for me"));
        db.as(setup.ada, () -> db.store.delete(deleted.id(), etag(db, deleted)));
        ContactFixture.delete(db, setup.contacts, setup.ada, deletedContact.id());
        db.disable("bob");

        BirthdayReport dryRun = setup.reminders.runNow(null, true);
        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(dryRun.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                .containsExactlyInAnyOrder(tuple(told.id(), Outcome.WOULD_NOTIFY),
                        tuple(ofInactive.id(), Outcome.OWNER_INACTIVE));
        assertThat(report.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                .containsExactlyInAnyOrder(tuple(told.id(), Outcome.NOTIFIED),
                        tuple(ofInactive.id(), Outcome.OWNER_INACTIVE))
                .doesNotContain(tuple(inPool.id(), Outcome.NOTIFIED), tuple(ofDeletedCustomer.id(), Outcome.NOTIFIED));
        assertThat(setup.notifications.asked).extracting(NotificationRequest::recordId).containsExactly(told.id());

        // the owner back at work, the customer claimed from the pool: told on the next run
        db.as(setup.ada, () -> db.store.claim(pooled.id()));
        db.users.put("bob", new TestUser("bob", db.users.get("bob").permissions(), db.users.get("bob").scope(),
                true));
        assertThat(setup.reminders.runNow(null, false).with(Outcome.NOTIFIED))
                .extracting(Reminder::contactId, Reminder::ownerId)
                .containsExactlyInAnyOrder(tuple(inPool.id(), "ada"), tuple(ofInactive.id(), "bob"));
    }

    @OnEveryDatabase
    void doNotContactIsToldWithAWordOfWarning(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact careful = db.as(setup.ada, () -> setup.contacts.create(new ContactFields(acme.id(), "Careful",
                "Carl", null, null, List.of(), List.of(), LocalDate.of(1980, 6, 11), null, true, null, null), true));

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.reminders()).singleElement().satisfies(reminder -> {
            assertThat(reminder.contactId()).isEqualTo(careful.id());
            assertThat(reminder.doNotContact()).isTrue();
            assertThat(reminder.outcome()).isEqualTo(Outcome.NOTIFIED);
        });
        assertThat(setup.notifications.raised).singleElement().satisfies(request -> {
            assertThat(request.body()).isEqualTo("Careful Carl is marked do-not-contact.");
            assertThat(request.params()).containsEntry("doNotContact", "true");
        });
    }

    @OnEveryDatabase
    void theAgeIsLeftOutWhenTheBirthYearIsUnknownAndTheBirthDayItselfIsNoBirthday(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact yearUnknown = setup.contact(acme, "Year", "Unknown", LocalDate.of(1900, 6, 10));
        Contact newborn = setup.contact(acme, "New", "Born", LocalDate.of(2026, 6, 10));
        Contact one = setup.contact(acme, "One", "Year", LocalDate.of(2025, 6, 11));
        // a person customer and its own contact: no "(name)" twice
        Customer person = setup.customer("ada", "Lei Li");
        Contact self = setup.contact(person, "Lei", "Li", LocalDate.of(1986, 6, 12));

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.reminders()).extracting(Reminder::contactId, Reminder::age)
                .containsExactly(tuple(yearUnknown.id(), null), tuple(one.id(), 1), tuple(self.id(), 40))
                .doesNotContain(tuple(newborn.id(), 0));
        assertThat(setup.notifications.raised.get(0).params()).doesNotContainKey("age")
                .containsEntry("date", "2026-06-10");
        assertThat(setup.notifications.raised.get(2).title()).isEqualTo("Birthday of Lei Li on 2026-06-12");
        assertThat(BirthdayReminders.age(LocalDate.of(1901, 1, 1), LocalDate.of(2026, 1, 1)))
                .as("older than 120: implausible").isNull();
        assertThat(BirthdayReminders.age(LocalDate.of(1906, 1, 1), LocalDate.of(2026, 1, 1))).isEqualTo(120);
    }

    @OnEveryDatabase
    void aLongNameIsCutToTheTitlesLimitAndKeptWholeInTheParams(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        String longName = "长".repeat(200);
        Customer acme = setup.customer("ada", longName);
        setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 10));

        setup.reminders.runNow(null, false);

        assertThat(setup.notifications.raised).singleElement().satisfies(request -> {
            assertThat(request.title()).hasSize(200).endsWith("…").startsWith("Birthday of Lei Li (长");
            assertThat(request.params()).containsEntry("customerName", longName);
        });
        assertThat(BirthdayReminders.cut("ab\uD83C\uDF82cd", 4)).as("a surrogate pair stays whole").isEqualTo("ab…");
    }

    // ---- once a year --------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void runningAgainAndOnLaterDaysTellsOnceAYear(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact li = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 14));

        assertThat(setup.reminders.runNow(null, false).reminders()).extracting(Reminder::outcome)
                .containsExactly(Outcome.NOTIFIED);
        assertThat(setup.reminders.runNow(null, false).reminders()).as("run again, e.g. after a restart")
                .extracting(Reminder::outcome).containsExactly(Outcome.ALREADY_NOTIFIED);
        for (int day = 1; day <= 4; day++) {
            setup.clock.advance(DAY);
            setup.reminders.run();
        }
        assertThat(setup.notifications.raised).hasSize(1);
        assertThat(setup.notifications.asked).as("the contact remembers it was told").hasSize(1);

        setup.clock.advance(DAY.multipliedBy(361));
        assertThat(setup.reminders.runNow(null, false).reminders()).as("a year later")
                .extracting(Reminder::key, Reminder::outcome)
                .containsExactly(tuple("birthday:" + li.id() + ":2027", Outcome.NOTIFIED));
        assertThat(setup.notifications.raised).extracting(NotificationRequest::key)
                .containsExactly("birthday:" + li.id() + ":2026", "birthday:" + li.id() + ":2027");
    }

    @OnEveryDatabase
    void aDeletedNotificationDoesNotComeBackTheNextDay(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact li = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 14));
        setup.reminders.run();
        // the owner deletes it: the notifications bundle forgets its key
        setup.notifications.deleteAll();

        setup.clock.advance(DAY);
        BirthdayReport nextDay = setup.reminders.runNow(null, false);
        BirthdayReport dryRun = setup.reminders.runNow(null, true);

        assertThat(nextDay.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                .containsExactly(tuple(li.id(), Outcome.ALREADY_NOTIFIED));
        assertThat(dryRun.reminders()).extracting(Reminder::outcome).containsExactly(Outcome.ALREADY_NOTIFIED);
        assertThat(setup.notifications.asked).hasSize(1);
    }

    @OnEveryDatabase
    void aNodeThatReadTheBirthdayBeforeAnotherToldTheOwnerWaitsAndLeavesIt(CustomerFixture db) throws Exception {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact li = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 14));
        try (CustomerFixture otherNode = db.anotherNode()) {
            otherNode.rep("ada");
            BirthdayReminders second = new BirthdayReminders(otherNode.jpa, otherNode.currentUser,
                    otherNode.directory, setup.notifications, setup.clock, otherNode.poolSettings(), BATCH);
            AtomicReference<CompletableFuture<BirthdayReport>> secondRun = new AtomicReference<>();
            // the first node raises inside its transaction, the contact's row claimed; meanwhile the second node
            // reads the birthday as not yet told and tries to claim the row itself
            BirthdayReminders first = new BirthdayReminders(db.jpa, db.currentUser, db.directory, request -> {
                secondRun.set(CompletableFuture.supplyAsync(() -> second.runNow(null, false)));
                pause(500);
                return setup.notifications.raise(request);
            }, setup.clock, db.poolSettings(), BATCH);

            BirthdayReport firstReport = first.runNow(null, false);
            BirthdayReport secondReport = secondRun.get().get(30, TimeUnit.SECONDS);

            assertThat(firstReport.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                    .containsExactly(tuple(li.id(), Outcome.NOTIFIED));
            assertThat(secondReport.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                    .containsExactly(tuple(li.id(), Outcome.ALREADY_NOTIFIED));
            assertThat(setup.notifications.asked).as("the second node never raised").hasSize(1);
        }
    }

    @OnEveryDatabase
    void twoNodesRunningAtOnceTellOnce(CustomerFixture db) throws Exception {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        List<Contact> contacts = IntStream.range(0, 5).mapToObj(i ->
                setup.contact(acme, "Person", String.valueOf(i), LocalDate.of(1980 + i, 6, 10 + i))).toList();
        try (CustomerFixture otherNode = db.anotherNode()) {
            otherNode.rep("ada");
            BirthdayReminders first = setup.reminders;
            BirthdayReminders second = new BirthdayReminders(otherNode.jpa, otherNode.currentUser,
                    otherNode.directory, setup.notifications, setup.clock, otherNode.poolSettings(), BATCH);
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<BirthdayReport> one = CompletableFuture.supplyAsync(() -> {
                await(start);
                return first.runNow(null, false);
            });
            CompletableFuture<BirthdayReport> two = CompletableFuture.supplyAsync(() -> {
                await(start);
                return second.runNow(null, false);
            });
            List<Reminder> both = new ArrayList<>(one.get(30, TimeUnit.SECONDS).reminders());
            both.addAll(two.get(30, TimeUnit.SECONDS).reminders());

            assertThat(both).hasSize(10);
            assertThat(both).filteredOn(reminder -> reminder.outcome() == Outcome.NOTIFIED)
                    .extracting(Reminder::contactId)
                    .containsExactlyInAnyOrderElementsOf(contacts.stream().map(Contact::id).toList());
            assertThat(both).filteredOn(reminder -> reminder.outcome() == Outcome.ALREADY_NOTIFIED).hasSize(5);
            assertThat(setup.notifications.raised).hasSize(5);
            assertThat(setup.notifications.asked).as("a contact claimed by one node is not raised by the other")
                    .hasSize(5);
        }
    }

    @OnEveryDatabase
    void aFailureIsReportedTheOthersAreToldAndTheNextRunTriesAgain(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer ofAda = setup.customer("ada", "Ada's");
        Customer ofBob = setup.customer("bob", "Bob's");
        Contact forAda = setup.contact(ofAda, "For", "Ada", LocalDate.of(1980, 6, 11));
        Contact forBob = setup.contact(ofBob, "For", "Bob", LocalDate.of(1980, 6, 12));
        setup.notifications.failFor.put("ada", "disk full");

        BirthdayReport report = setup.reminders.runNow(null, false);

        assertThat(report.reminders()).extracting(Reminder::contactId, Reminder::outcome, Reminder::failure)
                .containsExactly(tuple(forAda.id(), Outcome.FAILED, "disk full"),
                        tuple(forBob.id(), Outcome.NOTIFIED, null));
        setup.notifications.failFor.clear();
        setup.reminders.run();
        assertThat(setup.notifications.raised).extracting(NotificationRequest::recordId)
                .containsExactly(forBob.id(), forAda.id());
    }

    // ---- the setting, dry runs, batches, writes ------------------------------------------------------------------

    @OnEveryDatabase
    void zeroDaysTurnsTheRemindersOffAndTheSettingIsFollowed(CustomerFixture db) {
        db.setting("birthdays_daysAhead", 0);
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact today = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 10));
        Contact inTwoDays = setup.contact(acme, "Mary", "Major", LocalDate.of(1986, 6, 12));

        setup.reminders.run();
        BirthdayReport off = setup.reminders.runNow(null, false);

        assertThat(off.off()).isTrue();
        assertThat(off.reminders()).isEmpty();
        assertThat(setup.notifications.asked).isEmpty();

        assertThat(setup.reminders.runNow(1, true).reminders()).as("a window given explicitly still runs")
                .extracting(Reminder::contactId).containsExactly(today.id());
        db.setting("birthdays_daysAhead", 3);
        setup.reminders.modified(db.poolSettings());
        setup.reminders.run();
        assertThat(setup.notifications.raised).extracting(NotificationRequest::recordId)
                .containsExactly(today.id(), inTwoDays.id());
        db.setting("birthdays_daysAhead", 1000);
        setup.reminders.modified(db.poolSettings());
        assertThat(setup.reminders.daysAhead()).as("at most a year").isEqualTo(365);
        assertThatThrownBy(() -> setup.reminders.runNow(366, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> setup.reminders.runNow(0, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @OnEveryDatabase
    void aDryRunRaisesNothingAndRunsAsTheSystem(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact li = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 6, 10));
        List<String> raisedAs = new CopyOnWriteArrayList<>();
        BirthdayReminders watched = new BirthdayReminders(db.jpa, db.currentUser, db.directory, request -> {
            raisedAs.add(db.currentUser.require().id());
            return setup.notifications.raise(request);
        }, setup.clock, db.poolSettings(), BATCH);

        BirthdayReport dryRun = watched.runNow(null, true);

        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.reminders()).extracting(Reminder::contactId, Reminder::outcome)
                .containsExactly(tuple(li.id(), Outcome.WOULD_NOTIFY));
        assertThat(setup.notifications.asked).isEmpty();
        assertThat(watched.runNow(null, false).with(Outcome.NOTIFIED)).hasSize(1);
        assertThat(raisedAs).containsExactly(UserPrincipal.SYSTEM);
        assertThat(watched.runNow(null, true).reminders()).as("a dry run after the real one")
                .extracting(Reminder::outcome).containsExactly(Outcome.ALREADY_NOTIFIED);
    }

    @OnEveryDatabase
    void manyBirthdaysOnOneDayAreReadInBatchesEachOnce(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        int count = 3 * BATCH + 1;
        List<String> ids = IntStream.range(0, count).mapToObj(i ->
                setup.contact(acme, "Person", String.format("%02d", i), LocalDate.of(1980 + i, 6, 10)).id())
                .sorted().toList();
        setup.contact(acme, "Next", "Day", LocalDate.of(1980, 6, 11));

        BirthdayReport report = setup.reminders.runNow(1, false);

        assertThat(report.reminders()).extracting(Reminder::contactId).containsExactlyElementsOf(ids);
        assertThat(setup.notifications.raised).hasSize(count);
    }

    @OnEveryDatabase
    void aChangedOrClearedBirthdayMovesOrEndsTheReminder(CustomerFixture db) {
        Setup setup = new Setup(db, "2026-06-10T07:00:00Z");
        Customer acme = setup.customer("ada", "ACME");
        Contact li = setup.contact(acme, "Lei", "Li", LocalDate.of(1986, 8, 1));
        Contact mary = setup.contact(acme, "Mary", "Major", LocalDate.of(1986, 6, 11));
        assertThat(setup.reminders.runNow(null, true).reminders()).extracting(Reminder::contactId)
                .containsExactly(mary.id());

        setup.birthday(li, LocalDate.of(1986, 6, 12));
        setup.birthday(mary, null);

        assertThat(setup.reminders.runNow(null, true).reminders()).extracting(Reminder::contactId, Reminder::date)
                .containsExactly(tuple(li.id(), LocalDate.of(2026, 6, 12)));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The fixture's database with a contact store and the reminders on a clock standing at the given instant. */
    private static final class Setup {
        final CustomerFixture db;
        final MutableClock clock;
        final TestNotifications notifications;
        final ContactStore contacts;
        final BirthdayReminders reminders;
        final TestUser ada;
        final TestUser bob;

        Setup(CustomerFixture db, String now) {
            this.db = db;
            this.clock = new MutableClock(Instant.parse(now));
            this.notifications = new TestNotifications(db.users::containsKey);
            this.contacts = ContactFixture.contacts(db);
            this.ada = db.rep("ada");
            this.bob = db.rep("bob");
            this.reminders = new BirthdayReminders(db.jpa, db.currentUser, db.directory, notifications, clock,
                    db.poolSettings(), BATCH);
        }

        Customer customer(String ownerId, String name) {
            return db.as(db.users.get(ownerId), () -> db.store.create(company(name), false));
        }

        Contact contact(Customer customer, String firstName, String lastName, LocalDate birthday) {
            return db.as(db.admin("boss"), () -> contacts.create(new ContactFields(customer.id(), firstName, lastName,
                    null, null, List.of(), List.of(), birthday, null, null, null, null), true));
        }

        void birthday(Contact contact, LocalDate birthday) {
            db.as(db.admin("boss"), () -> contacts.change(contact.id(), "*", current -> new ContactFields(
                    current.customerId(), current.firstName(), current.lastName(), current.title(),
                    current.department(), current.emails(), current.phones(), birthday, current.primary(),
                    current.doNotContact(), current.marketingOptOut(), null), true));
        }
    }

    private static String etag(CustomerFixture db, Customer customer) {
        return "\"" + db.as(db.admin("boss"), () -> db.store.find(customer.id())).orElseThrow().version() + "\"";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
