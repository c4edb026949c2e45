package io.relata.api.activity;

import java.time.LocalDate;

/**
 * How a task repeats. When a task of a series is completed or cancelled, the next one is created, due at the
 * series' first local due time plus {@code interval} frequencies as many times as the new task's place in the
 * series — so a monthly task first due on 31 January is due on 28 (or 29) February, then on 31 March again, and
 * 09:00 in the task's time zone stays 09:00 across daylight saving changes.
 *
 * @param frequency daily, weekly or monthly
 * @param interval  every how many days, weeks or months; 1 to 99, {@code null} (left out) for 1
 * @param until     the last local date a task of the series may be due on, or {@code null} for no end
 */
public record Recurrence(RecurrenceFrequency frequency, Integer interval, LocalDate until) {
}
