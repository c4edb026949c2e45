package io.relata.core.customers.birthday;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one run of the birthday reminders did, or in a dry run would do.
 *
 * @param from      the first day of the window: the server's date in UTC when the run started
 * @param to        the last day of the window, included; {@code from + daysAhead - 1}
 * @param daysAhead the window's length in days; 0 means the reminders are off and nothing was looked at
 * @param dryRun    whether the run only looked
 * @param reminders one per live contact whose birthday falls within the window, by date, then contact id
 */
public record BirthdayReport(LocalDate from, LocalDate to, int daysAhead, boolean dryRun, List<Reminder> reminders) {

    public BirthdayReport {
        reminders = List.copyOf(reminders);
    }

    public enum Outcome {
        /** The owner got a new notification. */
        NOTIFIED,
        /** The owner was told of this birthday already (an earlier run, or another node): nothing new. */
        ALREADY_NOTIFIED,
        /** In a dry run: a real run would notify the owner. */
        WOULD_NOTIFY,
        /** The customer's owner is disabled (or no longer known): nobody is told. */
        OWNER_INACTIVE,
        /** Raising the notification failed; {@link Reminder#failure()} says why, and the next run tries again. */
        FAILED
    }

    /**
     * One birthday in the window.
     *
     * @param date    the day the birthday falls on this time: 28 February for one on 29 February in other years
     * @param age     how old the contact turns; {@code null} when the birth year is unknown (stored as 1900) or
     *                implausible
     * @param key     the notification's key, {@code birthday:<contact id>:<year of date>}
     * @param failure what went wrong; {@code null} unless {@link Outcome#FAILED}
     */
    public record Reminder(String contactId, String contactName, String customerId, String customerName,
                           String ownerId, LocalDate date, Integer age, boolean doNotContact, String key,
                           Outcome outcome, String failure) {
    }

    public boolean off() {
        return daysAhead <= 0;
    }

    public List<Reminder> with(Outcome outcome) {
        return reminders.stream().filter(reminder -> reminder.outcome() == outcome).toList();
    }

    /** @return the owners the reminders with this outcome went (or would go) to */
    public Set<String> owners(Outcome outcome) {
        Set<String> owners = new LinkedHashSet<>();
        with(outcome).forEach(reminder -> owners.add(reminder.ownerId()));
        return owners;
    }
}
