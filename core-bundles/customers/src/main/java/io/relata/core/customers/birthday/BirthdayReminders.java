package io.relata.core.customers.birthday;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.customer.Contact;
import io.relata.api.notification.Notification;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.notification.Notifications;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.core.customers.birthday.BirthdayReport.Outcome;
import io.relata.core.customers.birthday.BirthdayReport.Reminder;
import io.relata.core.customers.contact.ContactEntity;
import io.relata.core.customers.customer.PoolSettings;

/**
 * Birthday reminders: tells the owner of a customer, in an in-app notification, about each of its live contacts
 * whose birthday falls within the next {@code birthdays.daysAhead} days, today included (default 7; 0 turns them
 * off). "Today" is the server's date in UTC: users' time zones differ, and one date for everyone keeps a
 * reminder's window the same on every node. A birthday on 29 February falls on 28 February in other years; a
 * window across New Year covers the first days of the next year, as birthdays of that year.
 *
 * <p>Who is told: the owner of the contact's customer, if the customer is live and has one (pool customers have
 * none) and the owner is active. Contacts marked do-not-contact are included: the flag says the company must not
 * reach out to them, and the owner is the one who needs to know that on their birthday too (the notification
 * says so).
 *
 * <p>Once a year: the contact row remembers the birthday its owner was last told of
 * ({@code core_contact.birthday_reminded_on}), claimed with a conditional update in the same transaction that
 * raises the notification, so a run the next day (the birthday is still in the window), a run after a restart,
 * a second node running at the same moment (its update waits for the row, then finds it claimed), or the owner
 * deleting the notification (which makes {@link Notifications} forget its key) notify nobody again; a failed
 * raise rolls the claim back, and the next run tries again. The notification's key,
 * {@code birthday:<contact id>:<year of the birthday>}, makes {@link Notifications} refuse a duplicate as well.
 * A customer that changes owner after the reminder went out does not tell the new owner.
 *
 * <p>A Karaf scheduler job, daily at 07:00 server time (the distribution runs in UTC). The contacts of one day are
 * found through the {@code birthday_md} column and its index (month and day of the birthday), a batch at a time;
 * nothing reads the contacts without a birthday in the window.
 */
@Component(service = {Runnable.class, BirthdayReminders.class}, configurationPid = PoolSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"scheduler.name=relata-birthday-reminders", "scheduler.expression=0 0 7 * * ?",
                "scheduler.concurrent:Boolean=false"})
public class BirthdayReminders implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BirthdayReminders.class);
    /** The longest window: within it a contact's birthday falls at most once. */
    public static final int MAX_DAYS_AHEAD = 365;
    public static final String KIND = "contact.birthday";
    public static final String RECORD_TYPE = "contact";
    private static final int BATCH = 500;
    /** As {@link NotificationRequest} allows. */
    private static final int MAX_TITLE = 200;
    /** The earliest birth year contacts may have (ContactFields): read as "year unknown". */
    private static final int UNKNOWN_YEAR = 1900;
    private static final int MAX_AGE = 120;

    private final JpaTemplate jpa;
    private final CurrentUser currentUser;
    private final Users users;
    private final Notifications notifications;
    private final Clock clock;
    private final int batchSize;
    private volatile int daysAhead;

    @Activate
    public BirthdayReminders(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                             @Reference CurrentUser currentUser, @Reference Users users,
                             @Reference Notifications notifications, PoolSettings settings) {
        this(jpa, currentUser, users, notifications, Clock.systemUTC(), settings, BATCH);
    }

    BirthdayReminders(JpaTemplate jpa, CurrentUser currentUser, Users users, Notifications notifications,
                      Clock clock, PoolSettings settings, int batchSize) {
        this.jpa = jpa;
        this.currentUser = currentUser;
        this.users = users;
        this.notifications = notifications;
        this.clock = clock;
        this.batchSize = batchSize;
        this.daysAhead = configured(settings);
    }

    @Modified
    void modified(PoolSettings settings) {
        daysAhead = configured(settings);
    }

    private static int configured(PoolSettings settings) {
        int days = settings.birthdays_daysAhead();
        if (days > MAX_DAYS_AHEAD) {
            LOG.warn("birthdays.daysAhead = {} is more than a year; reminders look {} days ahead", days,
                    MAX_DAYS_AHEAD);
            return MAX_DAYS_AHEAD;
        }
        return Math.max(days, 0);
    }

    /** @return the configured window in days; 0 when the reminders are off */
    public int daysAhead() {
        return daysAhead;
    }

    /**
     * The scheduled run: only counts what it did, and skips in the query the birthdays already announced, so a long
     * window over many contacts keeps nothing in memory.
     */
    @Override
    public void run() {
        int window = daysAhead;
        if (window <= 0) {
            return;
        }
        LocalDate today = today();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        try {
            asSystem(() -> remind(today, window, false, false,
                    reminder -> counts.merge(reminder.outcome(), 1, Integer::sum)));
        } catch (RuntimeException e) {
            // the scheduler would swallow it; tomorrow's run covers the same days but one
            LOG.error("The birthday reminders failed", e);
        }
        if (!counts.isEmpty()) {
            LOG.info("Birthday reminders {} to {}: notified {}, owner inactive {}, failed {}", today,
                    today.plusDays(window - 1L), counts.getOrDefault(Outcome.NOTIFIED, 0),
                    counts.getOrDefault(Outcome.OWNER_INACTIVE, 0), counts.getOrDefault(Outcome.FAILED, 0));
        }
    }

    /**
     * Runs the reminders now, as the platform itself like the scheduled run.
     *
     * @param days   the window in days, 1 to {@value #MAX_DAYS_AHEAD}, instead of the setting; {@code null} for the
     *               setting (and nothing when it is 0)
     * @param dryRun only find the birthdays and who would be told; raise nothing
     */
    public BirthdayReport runNow(Integer days, boolean dryRun) {
        if (days != null && (days < 1 || days > MAX_DAYS_AHEAD)) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_DAYS_AHEAD + ", not " + days);
        }
        int window = days == null ? daysAhead : days;
        LocalDate today = today();
        if (window <= 0) {
            return new BirthdayReport(today, today.minusDays(1), 0, dryRun, List.of());
        }
        List<Reminder> reminders = new ArrayList<>();
        asSystem(() -> remind(today, window, dryRun, true, reminders::add));
        return new BirthdayReport(today, today.plusDays(window - 1L), window, dryRun, reminders);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private void asSystem(Runnable work) {
        try {
            // the system reads every customer's contacts, and the notifications are raised by the platform
            currentUser.runAsSystem(() -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param withAnnounced also hand over the birthdays already announced (as {@link Outcome#ALREADY_NOTIFIED})
     * @param found         takes each reminder, by date, then contact id
     */
    private void remind(LocalDate today, int window, boolean dryRun, boolean withAnnounced,
                        Consumer<Reminder> found) {
        LocalDate last = today.plusDays(window - 1L);
        Map<String, Boolean> activeOwners = new HashMap<>();
        for (LocalDate day = today; !day.isAfter(last); day = day.plusDays(1)) {
            String afterId = null;
            List<Row> batch;
            do {
                batch = birthdaysOn(day, withAnnounced, afterId);
                if (!batch.isEmpty()) {
                    afterId = batch.get(batch.size() - 1).contactId();
                }
                for (Row row : batch) {
                    if (!day.isAfter(row.birthday())) {
                        continue; // born that day (or a date not yet come): no birthday to mark
                    }
                    boolean active = activeOwners.computeIfAbsent(row.ownerId(),
                            id -> users.byId(id).map(UserSummary::active).orElse(false));
                    found.accept(remind(row, day, active, dryRun));
                }
            } while (batch.size() == batchSize);
        }
    }

    private Reminder remind(Row row, LocalDate day, boolean ownerActive, boolean dryRun) {
        String contactName = row.contactName();
        Integer age = age(row.birthday(), day);
        String key = "birthday:" + row.contactId() + ":" + day.getYear();
        if (day.equals(row.remindedOn())) {
            return row.reminder(day, age, key, Outcome.ALREADY_NOTIFIED, null);
        }
        if (!ownerActive) {
            return row.reminder(day, age, key, Outcome.OWNER_INACTIVE, null);
        }
        if (dryRun) {
            return row.reminder(day, age, key, Outcome.WOULD_NOTIFY, null);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("contactName", contactName);
        params.put("customerName", row.customerName());
        params.put("customerId", row.customerId());
        params.put("date", day.toString());
        if (age != null) {
            params.put("age", String.valueOf(age));
        }
        params.put("doNotContact", String.valueOf(row.doNotContact()));
        String title = row.customerName().equals(contactName)
                ? "Birthday of " + contactName + " on " + day
                : "Birthday of " + contactName + " (" + row.customerName() + ") on " + day;
        String body = row.doNotContact() ? contactName + " is marked do-not-contact." : null;
        NotificationRequest request = new NotificationRequest(row.ownerId(), KIND, key, cut(title, MAX_TITLE), body,
                RECORD_TYPE, row.contactId(), params);
        try {
            // a transaction per contact: the claim and the notification commit or vanish together, and one
            // contact failing undoes no other
            Outcome outcome = jpa.txExpr(TransactionType.RequiresNew, em -> {
                java.sql.Date date = java.sql.Date.valueOf(day);
                int claimed = em.createNativeQuery("UPDATE core_contact SET birthday_reminded_on = ?1 WHERE id = ?2"
                                + " AND (birthday_reminded_on IS NULL OR birthday_reminded_on <> ?3)")
                        .setParameter(1, date).setParameter(2, row.contactId()).setParameter(3, date)
                        .executeUpdate();
                if (claimed == 0) {
                    return Outcome.ALREADY_NOTIFIED; // another node, since this run read the row
                }
                Optional<Notification> raised = notifications.raise(request);
                return raised.isPresent() ? Outcome.NOTIFIED : Outcome.ALREADY_NOTIFIED;
            });
            return row.reminder(day, age, key, outcome, null);
        } catch (RuntimeException e) {
            LOG.warn("Could not tell user {} about the birthday of contact {} on {}; the next run tries again",
                    row.ownerId(), row.contactId(), day, e);
            return row.reminder(day, age, key, Outcome.FAILED, message(e));
        }
    }

    /** @return what went wrong, from the innermost cause: transaction templates wrap what the work threw */
    private static String message(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage();
    }

    /**
     * The live contacts of live, owned customers whose birthday falls on the day, by contact id, after
     * {@code afterId}: one index range of {@code core_contact_birthday_md}.
     *
     * @param withAnnounced also those whose owner was told of this birthday already
     */
    private List<Row> birthdaysOn(LocalDate day, boolean withAnnounced, String afterId) {
        List<Integer> monthDays = day.getMonth() == Month.FEBRUARY && day.getDayOfMonth() == 28
                && !day.isLeapYear() ? List.of(228, 229) : List.of(ContactEntity.monthDay(day));
        return jpa.txExpr(TransactionType.Supports, em -> {
            var select = em.createQuery("SELECT k.id, k.firstName, k.lastName, k.birthday, k.doNotContact, c.id,"
                    + " c.name, c.ownerId, k.birthdayRemindedOn FROM ContactEntity k, CustomerEntity c"
                    + " WHERE k.birthdayMonthDay IN :monthDays AND k.deletedAt IS NULL AND c.id = k.customerId"
                    + " AND c.deletedAt IS NULL AND c.ownerId IS NOT NULL"
                    + (withAnnounced ? "" : " AND (k.birthdayRemindedOn IS NULL OR k.birthdayRemindedOn <> :day)")
                    + (afterId == null ? "" : " AND k.id > :afterId") + " ORDER BY k.id", Object[].class)
                    .setParameter("monthDays", monthDays);
            if (!withAnnounced) {
                select.setParameter("day", day);
            }
            if (afterId != null) {
                select.setParameter("afterId", afterId);
            }
            return select.setMaxResults(batchSize).getResultList().stream()
                    .map(row -> new Row((String) row[0], Contact.displayName((String) row[1], (String) row[2]),
                            (LocalDate) row[3], Boolean.TRUE.equals(row[4]), (String) row[5], (String) row[6],
                            (String) row[7], (LocalDate) row[8]))
                    .toList();
        });
    }

    /** @return the age the contact turns on the day, or {@code null} when the birth year is unknown or implausible */
    static Integer age(LocalDate birthday, LocalDate day) {
        int age = day.getYear() - birthday.getYear();
        return birthday.getYear() <= UNKNOWN_YEAR || age < 1 || age > MAX_AGE ? null : age;
    }

    /** @return the text, cut with an ellipsis to at most {@code max} characters, never inside a surrogate pair */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** A contact with a birthday on the day, and its customer. */
    private record Row(String contactId, String contactName, LocalDate birthday, boolean doNotContact,
                       String customerId, String customerName, String ownerId, LocalDate remindedOn) {

        Reminder reminder(LocalDate day, Integer age, String key, Outcome outcome, String failure) {
            return new Reminder(contactId, contactName, customerId, customerName, ownerId, day, age, doNotContact,
                    key, outcome, failure);
        }
    }
}
