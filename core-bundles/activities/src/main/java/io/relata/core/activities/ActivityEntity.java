package io.relata.core.activities;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.OrderColumn;
import javax.persistence.Table;
import javax.persistence.Version;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityDirection;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityLocation;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.Participant;
import io.relata.api.activity.Recurrence;
import io.relata.api.activity.RecurrenceFrequency;
import io.relata.api.customer.Address;

/** An activity row. Only this bundle sees it; everything else gets {@link Activity} values. */
@Entity
@Table(name = "core_activity")
public class ActivityEntity {

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private ActivityType type;

    @Column(nullable = false, length = 200)
    private String subject;

    @Column(name = "subject_key", nullable = false, length = 200)
    private String subjectKey;

    @Column(length = 10_000)
    private String body;

    @Enumerated(EnumType.STRING)
    @Column(length = 3)
    private ActivityDirection direction;

    @Column(length = 40)
    private String channel;

    @Column(name = "start_at")
    private OffsetDateTime startAt;

    @Column(name = "end_at")
    private OffsetDateTime endAt;

    @Column(name = "due_at")
    private OffsetDateTime dueAt;

    @Column(name = "duration_minutes")
    private Integer durationMinutes;

    @Column(length = 500)
    private String street;

    @Column(length = 100)
    private String city;

    @Column(length = 100)
    private String region;

    @Column(name = "postal_code", length = 20)
    private String postalCode;

    @Column(length = 2)
    private String country;

    @Column(precision = 9, scale = 6)
    private BigDecimal latitude;

    @Column(precision = 9, scale = 6)
    private BigDecimal longitude;

    @Column(length = 500)
    private String outcome;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private ActivityStatus status;

    @Column(name = "completed_at")
    private OffsetDateTime completedAt;

    @Column(name = "owner_id", nullable = false, length = 36)
    private String ownerId;

    @Column(name = "sort_at", nullable = false)
    private OffsetDateTime sortAt;

    @Column(name = "touched_at")
    private OffsetDateTime touchedAt;

    @Column(name = "reminder_at")
    private OffsetDateTime reminderAt;

    /** The reminder time that was announced, or passed already when it was set. */
    @Column(name = "reminded_for")
    private OffsetDateTime remindedFor;

    /** The due time whose passing was announced, or that had passed already when it was set. */
    @Column(name = "overdue_for")
    private OffsetDateTime overdueFor;

    @Enumerated(EnumType.STRING)
    @Column(name = "recurrence_frequency", length = 10)
    private RecurrenceFrequency recurrenceFrequency;

    @Column(name = "recurrence_interval")
    private Integer recurrenceInterval;

    @Column(name = "recurrence_until")
    private LocalDate recurrenceUntil;

    @Column(name = "series_id", length = 36)
    private String seriesId;

    private Integer occurrence;

    @Column(name = "series_start")
    private OffsetDateTime seriesStart;

    @Column(name = "time_zone", length = 64)
    private String timeZone;

    @ElementCollection
    @CollectionTable(name = "core_activity_link", joinColumns = @JoinColumn(name = "activity_id"))
    @OrderColumn(name = "position")
    private List<LinkColumns> links = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "core_activity_participant", joinColumns = @JoinColumn(name = "activity_id"))
    @OrderColumn(name = "position")
    private List<ParticipantColumns> participants = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false, length = 36)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false, length = 36)
    private String updatedBy;

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    @Version
    private long version;

    protected ActivityEntity() {
    }

    /**
     * @param linkCustomers for each link, the customer whose last activity it moves ({@code null} values allowed)
     */
    ActivityEntity(String id, ActivityFields fields, Map<ActivityLink, String> linkCustomers, String userId,
                   Instant now) {
        this.id = id;
        this.createdAt = utc(now);
        this.createdBy = userId;
        apply(fields, linkCustomers, userId, now);
    }

    /**
     * Takes every writable field (already validated, with the owner resolved).
     *
     * @param linkCustomers the customer of each link in {@code fields}
     */
    void apply(ActivityFields fields, Map<ActivityLink, String> linkCustomers, String userId, Instant now) {
        Scheduled before = new Scheduled(dueAt, reminderAt, recurrence(), timeZone);
        type = fields.type();
        subject = fields.subject();
        subjectKey = subject.toLowerCase(Locale.ROOT);
        body = fields.body();
        direction = fields.direction();
        channel = fields.channel();
        startAt = utc(fields.startAt());
        endAt = utc(fields.endAt());
        dueAt = utc(fields.dueAt());
        durationMinutes = fields.durationMinutes();
        Address address = fields.location() == null || fields.location().address() == null ? Address.EMPTY
                : fields.location().address();
        street = address.street();
        city = address.city();
        region = address.region();
        postalCode = address.postalCode();
        country = address.country();
        latitude = fields.location() == null ? null : fields.location().latitude();
        longitude = fields.location() == null ? null : fields.location().longitude();
        outcome = fields.outcome();
        if (fields.status() == ActivityStatus.DONE && status != ActivityStatus.DONE) {
            completedAt = utc(now);
        } else if (fields.status() != ActivityStatus.DONE) {
            completedAt = null;
        }
        status = fields.status();
        ownerId = fields.ownerId();
        List<LinkColumns> newLinks = fields.links().stream()
                .map(link -> new LinkColumns(link, linkCustomers.get(link))).toList();
        if (!links.equals(newLinks)) {
            links.clear();
            links.addAll(newLinks);
        }
        List<ParticipantColumns> newParticipants = fields.participants().stream().map(ParticipantColumns::new)
                .toList();
        if (!participants.equals(newParticipants)) {
            participants.clear();
            participants.addAll(newParticipants);
        }
        sortAt = startAt != null ? startAt : dueAt != null ? dueAt : createdAt;
        touchedAt = utc(touchedAt(now));
        applySchedule(fields, before, now);
        touch(userId, now);
    }

    /**
     * Reminder, recurrence and zone. A reminder or due time set in the past counts as announced: the scheduler
     * tells about times that come, not about history being logged. A task whose due time, recurrence or zone
     * changes starts a series of its own from its new due time.
     */
    private void applySchedule(ActivityFields fields, Scheduled before, Instant now) {
        OffsetDateTime reminder = utc(fields.reminderAt());
        if (!Objects.equals(reminder, before.reminderAt())) {
            remindedFor = reminder != null && !reminder.toInstant().isAfter(now) ? reminder : null;
        }
        reminderAt = reminder;
        if (!Objects.equals(dueAt, before.dueAt())) {
            overdueFor = dueAt != null && !dueAt.toInstant().isAfter(now) ? dueAt : null;
        }
        Recurrence recurrence = fields.recurrence();
        timeZone = fields.timeZone();
        recurrenceFrequency = recurrence == null ? null : recurrence.frequency();
        recurrenceInterval = recurrence == null ? null : recurrence.interval();
        recurrenceUntil = recurrence == null ? null : recurrence.until();
        if (recurrence != null && (!recurrence.equals(before.recurrence()) || !timeZone.equals(before.timeZone())
                || !Objects.equals(dueAt, before.dueAt()))) {
            seriesId = id;
            occurrence = 0;
            seriesStart = dueAt;
        }
    }

    /** What the schedule was before a change. */
    private record Scheduled(OffsetDateTime dueAt, OffsetDateTime reminderAt, Recurrence recurrence,
                             String timeZone) {
    }

    /** Makes this new task the given place of a series, after {@link #apply} started a series of its own. */
    void continueSeries(String series, int place, Instant start) {
        seriesId = series;
        occurrence = place;
        seriesStart = utc(start);
    }

    /**
     * @return the due time of the next task of this task's series, or empty when it does not recur or the series
     *         ended
     */
    Optional<Instant> nextDue() {
        Recurrence recurrence = recurrence();
        if (recurrence == null || seriesStart == null || occurrence == null) {
            return Optional.empty();
        }
        ZoneId zone = ZoneId.of(timeZone);
        ZonedDateTime first = seriesStart.atZoneSameInstant(zone);
        long periods = (long) recurrence.interval() * (occurrence + 1);
        // from the first task, not from this one: 31 Jan, 28 Feb, 31 Mar — never drifting to the 28th
        LocalDateTime next = switch (recurrence.frequency()) {
            case DAILY -> first.toLocalDateTime().plusDays(periods);
            case WEEKLY -> first.toLocalDateTime().plusWeeks(periods);
            case MONTHLY -> first.toLocalDateTime().plusMonths(periods);
        };
        if (recurrence.until() != null && next.toLocalDate().isAfter(recurrence.until())) {
            return Optional.empty();
        }
        return Optional.of(next.atZone(zone).toInstant());
    }

    Recurrence recurrence() {
        return recurrenceFrequency == null ? null
                : new Recurrence(recurrenceFrequency, recurrenceInterval, recurrenceUntil);
    }

    String seriesId() {
        return seriesId;
    }

    int occurrence() {
        return occurrence == null ? 0 : occurrence;
    }

    Instant seriesStart() {
        return instant(seriesStart);
    }

    Instant dueAt() {
        return instant(dueAt);
    }

    Instant startAt() {
        return instant(startAt);
    }

    Instant reminderAt() {
        return instant(reminderAt);
    }

    /**
     * When the activity counts as work on its customers, for the public pool's reclaim rule: a done activity at
     * its start (when that has passed) or its completion; a logged call, e-mail, meeting, note or visit at its
     * start, or at its creation when it has none. Planned ones, open tasks and cancelled ones do not count: a
     * meeting next week is no work on the customer today.
     */
    private Instant touchedAt(Instant now) {
        Instant start = instant(startAt);
        boolean started = start != null && !start.isAfter(now);
        return switch (status) {
            case CANCELLED -> null;
            case DONE -> type != ActivityType.TASK && started ? start : instant(completedAt);
            case OPEN -> type == ActivityType.TASK ? null : start == null ? instant(createdAt) : started ? start : null;
        };
    }

    /**
     * After a merge: links to the duplicate name the survivor (once, if the activity named both), and links whose
     * records moved with the merge (contacts) touch the survivor.
     */
    void moveCustomer(String duplicateId, String survivorId, String userId, Instant now) {
        List<LinkColumns> moved = new ArrayList<>();
        for (LinkColumns link : links) {
            ActivityLink record = link.link();
            if (record.recordType().equals("customer") && record.recordId().equals(duplicateId)) {
                record = new ActivityLink("customer", survivorId);
            }
            String customer = duplicateId.equals(link.customerId()) ? survivorId : link.customerId();
            LinkColumns columns = new LinkColumns(record, customer);
            if (!moved.contains(columns)) {
                moved.add(columns);
            }
        }
        links.clear();
        links.addAll(moved);
        touch(userId, now);
    }

    void touch(String userId, Instant now) {
        updatedAt = utc(now);
        updatedBy = userId;
    }

    void delete(String userId, Instant now) {
        deletedAt = utc(now);
        touch(userId, now);
    }

    void restore(String userId, Instant now) {
        deletedAt = null;
        touch(userId, now);
    }

    ActivityFields fields() {
        return new ActivityFields(type, subject, body, direction, channel, instant(startAt), instant(endAt),
                instant(dueAt), durationMinutes, location(), outcome, status, ownerId, participantList(), linkList(),
                instant(reminderAt), recurrence(), timeZone, null, null, null);
    }

    /** The link of each record to the customer it touches, as stored. */
    Map<ActivityLink, String> linkCustomers() {
        Map<ActivityLink, String> customers = new LinkedHashMap<>();
        links.forEach(link -> customers.put(link.link(), link.customerId()));
        return customers;
    }

    /** @return the customers whose last activity this activity moves */
    Set<String> touchedCustomers() {
        return links.stream().map(LinkColumns::customerId).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /** The fields as the audit trail compares them, under their REST names. */
    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("subject", subject);
        fields.put("body", body);
        fields.put("direction", direction);
        fields.put("channel", channel);
        fields.put("startAt", instant(startAt));
        fields.put("endAt", instant(endAt));
        fields.put("dueAt", instant(dueAt));
        fields.put("durationMinutes", durationMinutes);
        fields.put("location.address.street", street);
        fields.put("location.address.city", city);
        fields.put("location.address.region", region);
        fields.put("location.address.postalCode", postalCode);
        fields.put("location.address.country", country);
        fields.put("location.latitude", latitude);
        fields.put("location.longitude", longitude);
        fields.put("outcome", outcome);
        fields.put("status", status);
        fields.put("ownerId", ownerId);
        fields.put("reminderAt", instant(reminderAt));
        fields.put("recurrence", recurrence() == null ? null : recurrence().frequency() + "/"
                + recurrence().interval() + (recurrence().until() == null ? "" : " until " + recurrence().until()));
        fields.put("timeZone", timeZone);
        fields.put("participants", participantList().stream()
                .map(participant -> participant.kind() + ":" + participant.id()).toList());
        fields.put("links", linkList().stream().map(link -> link.recordType() + ":" + link.recordId()).toList());
        return fields;
    }

    Activity view() {
        return new Activity(id, type, subject, body, direction, channel, instant(startAt), instant(endAt),
                instant(dueAt), durationMinutes, location(), outcome, status, instant(completedAt), ownerId,
                participantList(), linkList(), createdAt.toInstant(), createdBy, updatedAt.toInstant(), updatedBy,
                version, instant(reminderAt), recurrence(), seriesId, timeZone);
    }

    private ActivityLocation location() {
        Address address = new Address(street, city, region, postalCode, country);
        if (address.equals(Address.EMPTY) && latitude == null && longitude == null) {
            return null;
        }
        return new ActivityLocation(address, latitude, longitude);
    }

    private List<Participant> participantList() {
        return participants.stream().map(ParticipantColumns::participant).toList();
    }

    private List<ActivityLink> linkList() {
        return links.stream().map(LinkColumns::link).toList();
    }

    public String id() {
        return id;
    }

    String ownerId() {
        return ownerId;
    }

    String subject() {
        return subject;
    }

    ActivityType type() {
        return type;
    }

    ActivityStatus status() {
        return status;
    }

    Instant sortAt() {
        return sortAt.toInstant();
    }

    boolean deleted() {
        return deletedAt != null;
    }

    long version() {
        return version;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
