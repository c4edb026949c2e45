package io.relata.core.customers.birthday;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.relata.api.console.CommandFailedException;
import io.relata.api.customer.Customer;
import io.relata.core.customers.console.BirthdaysCommand;
import io.relata.core.customers.console.FakeInvocation;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.testing.MutableClock;

class BirthdaysCommandTest {

    @OnEveryDatabase
    void aDryRunListsTheBirthdaysAndWhoWouldBeToldAndSendsNothing(CustomerFixture db) {
        Commands commands = new Commands(db);

        FakeInvocation dryRun = commands.run("--dry-run");

        assertThat(dryRun.lines()).hasSize(5);
        assertThat(dryRun.printed())
                .containsPattern("DATE +CONTACT +CUSTOMER +OWNER +AGE +OUTCOME")
                .containsPattern("2026-06-10 +Lei Li +Acme Trading +ada +40 +would notify\n")
                .containsPattern("2026-06-12 +Careful Carl +Acme Trading +ada +- +would notify \\(do not contact\\)")
                .containsPattern("2026-06-13 +王芳 +华为 +bob +36 +skipped: owner inactive")
                .contains("3 birthdays from 2026-06-10 to 2026-06-16 (UTC): 2 would be notified to 1 owner, 0"
                        + " already notified, 1 skipped (owner inactive); nothing was sent")
                .doesNotContain("Next Month");
        assertThat(commands.notifications.asked).isEmpty();
    }

    @OnEveryDatabase
    void withoutDryRunItNotifiesNowAndSaysWhatWasThereAlready(CustomerFixture db) {
        Commands commands = new Commands(db);

        FakeInvocation first = commands.run("--days=1");
        FakeInvocation again = commands.run("--days", "3");

        assertThat(first.printed()).containsPattern("2026-06-10 +Lei Li +Acme Trading +ada +40 +notified\n")
                .endsWith("1 birthday from 2026-06-10 to 2026-06-10 (UTC): 1 notified to 1 owner, 0 already"
                        + " notified, 0 skipped (owner inactive), 0 failed (see the log)" + System.lineSeparator());
        assertThat(again.printed()).containsPattern("2026-06-10 +Lei Li .* +already notified\n")
                .containsPattern("2026-06-12 +Careful Carl .* +notified \\(do not contact\\)\n")
                .contains("2 birthdays from 2026-06-10 to 2026-06-12 (UTC): 1 notified to 1 owner, 1 already"
                        + " notified, 0 skipped (owner inactive), 0 failed (see the log)");
        assertThat(commands.notifications.raised).hasSize(2);
    }

    @OnEveryDatabase
    void itSaysWhenTheRemindersAreOffAndRefusesABadWindow(CustomerFixture db) {
        db.setting("birthdays_daysAhead", 0);
        Commands commands = new Commands(db);

        assertThat(commands.run("--dry-run").printed()).isEqualTo("Birthday reminders are off (birthdays.daysAhead"
                + " = 0 in etc/io.relata.customers.cfg); nothing was looked at; --days=<n> runs them anyway"
                + System.lineSeparator());
        assertThat(commands.run("--dry-run", "--days=1").printed()).contains("1 birthday from 2026-06-10");
        for (String days : List.of("--days=0", "--days=366", "--days=abc", "--days=")) {
            assertThatThrownBy(() -> commands.run(days)).isInstanceOf(CommandFailedException.class)
                    .hasMessageStartingWith("--days must be a whole number from 1 to 365");
        }
        assertThatThrownBy(() -> commands.run("--days")).isInstanceOf(CommandFailedException.class)
                .hasMessage("--days needs a value: --days=<n>");
        assertThatThrownBy(() -> commands.run("7")).isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("unexpected argument '7'");
        assertThat(commands.notifications.asked).isEmpty();
    }

    /** Ada's Acme with three contacts, Bob (disabled) with one, and the command on 10 June 2026. */
    private static final class Commands {
        final CustomerFixture db;
        final TestNotifications notifications;
        final BirthdaysCommand command;

        Commands(CustomerFixture db) {
            this.db = db;
            this.notifications = new TestNotifications(db.users::containsKey);
            ContactStore contacts = ContactFixture.contacts(db);
            db.rep("ada");
            db.rep("bob");
            Customer acme = db.as(db.users.get("ada"), () -> db.store.create(company("Acme Trading"), false));
            Customer huawei = db.as(db.users.get("bob"), () -> db.store.create(company("华为"), false));
            add(contacts, acme, "Lei", "Li", LocalDate.of(1986, 6, 10), false);
            add(contacts, acme, "Careful", "Carl", LocalDate.of(1900, 6, 12), true);
            add(contacts, acme, "Next", "Month", LocalDate.of(1986, 7, 10), false);
            add(contacts, huawei, "芳", "王", LocalDate.of(1990, 6, 13), false);
            db.disable("bob");
            BirthdayReminders reminders = new BirthdayReminders(db.jpa, db.currentUser, db.directory, notifications,
                    new MutableClock(Instant.parse("2026-06-10T07:00:00Z")), db.poolSettings(), 200);
            this.command = new BirthdaysCommand(reminders, db.directory);
        }

        private void add(ContactStore contacts, Customer customer, String first, String last, LocalDate birthday,
                         boolean doNotContact) {
            db.as(db.admin("boss"), () -> contacts.create(new ContactFields(customer.id(), first, last, null, null,
                    List.of(), List.of(), birthday, null, doNotContact, null, null), true));
        }

        FakeInvocation run(String... tokens) {
            FakeInvocation invocation = new FakeInvocation(tokens);
            command.execute(invocation);
            return invocation;
        }
    }
}
