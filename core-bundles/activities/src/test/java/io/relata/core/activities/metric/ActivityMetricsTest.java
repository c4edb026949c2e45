package io.relata.core.activities.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricItem;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricSeries;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;
import io.relata.core.activities.ActivitiesSchema;
import io.relata.testing.Changelogs;
import io.relata.testing.ResourceLocalJpa;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * The core activity metrics on H2 and PostgreSQL with the activity schema applied. Rows are written with plain
 * SQL: what is tested is the metrics' reading, and the store's rules for writing do not matter to it.
 */
class ActivityMetricsTest {

    /** A Sunday: 16:00 in Shanghai, still Sunday in UTC. */
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** A database with the activity schema and the stand-in security acting as one user at a time. */
    static final class Db implements AutoCloseable {
        final TestDatabase database;
        final EntityManagerFactory factory;
        final ResourceLocalJpa jpa;
        final Map<String, DataScope> scopes = new HashMap<>();
        UserPrincipal acting;

        Db(TestDatabase database) {
            this.database = Changelogs.apply(new ActivitiesSchema(), database);
            Map<String, Object> properties = new HashMap<>();
            properties.put("javax.persistence.transactionType", "RESOURCE_LOCAL");
            properties.put("javax.persistence.jtaDataSource", null);
            properties.put("javax.persistence.nonJtaDataSource", database.dataSource());
            properties.put("eclipselink.logging.logger", "DefaultLogger");
            properties.put("eclipselink.logging.level", "WARNING");
            properties.put("eclipselink.weaving", "false");
            this.factory = Persistence.createEntityManagerFactory("activities", properties);
            this.jpa = new ResourceLocalJpa(factory);
        }

        void rep(String id) {
            scopes.put(id, new DataScope(ScopeKind.OWN, Set.of(id)));
        }

        <T> T as(String id, Callable<T> work) throws Exception {
            acting = new UserPrincipal(id, id, id, "en", "UTC", Set.of(), Set.of("activities:read"), Set.of(), null,
                    null);
            try {
                return work.call();
            } finally {
                acting = null;
            }
        }

        void activity(String owner, String type, String status, Instant sortAt, Instant dueAt, String subject)
                throws Exception {
            try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO core_activity (id, type, subject, subject_key, status, owner_id, sort_at, due_at,"
                            + " created_at, created_by, updated_at, updated_by, version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
                OffsetDateTime created = OffsetDateTime.ofInstant(NOW.minusSeconds(86_400 * 100), ZoneOffset.UTC);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, type);
                insert.setString(3, subject);
                insert.setString(4, subject.toLowerCase());
                insert.setString(5, status);
                insert.setString(6, owner);
                insert.setObject(7, OffsetDateTime.ofInstant(sortAt, ZoneOffset.UTC));
                insert.setObject(8, dueAt == null ? null : OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC));
                insert.setObject(9, created);
                insert.setString(10, owner);
                insert.setObject(11, created);
                insert.setString(12, owner);
                insert.executeUpdate();
            }
        }

        final CurrentUser currentUser = new CurrentUser() {
            @Override
            public Optional<UserPrincipal> get() {
                return Optional.ofNullable(acting);
            }

            @Override
            public UserPrincipal require() {
                return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated", "sign in")
                        .toException());
            }

            @Override
            public <T> T runAs(String username, Callable<T> work) throws Exception {
                return work.call();
            }

            @Override
            public <T> T runAsSystem(Callable<T> work) throws Exception {
                return work.call();
            }
        };

        final AccessControl access = new AccessControl() {
            @Override
            public boolean permits(String permission) {
                return acting != null && acting.has(permission);
            }

            @Override
            public void require(String permission) {
                if (!permits(permission)) {
                    throw Problem.of(403, "forbidden", "Forbidden", permission).toException();
                }
            }

            @Override
            public DataScope scope(String recordType) {
                return acting == null ? DataScope.none() : scopes.getOrDefault(acting.id(), DataScope.none());
            }
        };

        @Override
        public void close() {
            factory.close();
        }

        @Override
        public String toString() {
            return database.kind();
        }
    }

    static Stream<Db> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres()).map(Db::new);
    }

    private static Map<String, Long> week(MetricData data, String type) {
        MetricSeries series = data.series().stream().filter(s -> s.key().equals(type)).findFirst().orElseThrow();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MetricPoint point : series.points()) {
            counts.put(point.key(), point.value().amount().longValueExact());
        }
        return counts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void activitiesPerWeekCountsTheCallersActivitiesInWeeksOfTheirTimeZone(Db db) throws Exception {
        db.rep("ann");
        db.rep("bob");
        // Monday 01:00 in Shanghai, still Sunday in UTC: this week in Shanghai, last week in UTC
        db.activity("ann", "CALL", "DONE", Instant.parse("2026-11-22T17:00:00Z"), null, "Early call");
        db.activity("ann", "CALL", "DONE", Instant.parse("2026-11-25T09:00:00Z"), null, "Call");
        db.activity("ann", "MEETING", "OPEN", Instant.parse("2026-11-26T09:00:00Z"), null, "Meeting");
        db.activity("ann", "MEETING", "CANCELLED", Instant.parse("2026-11-26T10:00:00Z"), null, "Called off");
        db.activity("ann", "NOTE", "DONE", Instant.parse("2026-11-12T09:00:00Z"), null, "Old note");
        db.activity("ann", "NOTE", "DONE", Instant.parse("2026-09-01T09:00:00Z"), null, "Too old");
        db.activity("bob", "CALL", "DONE", Instant.parse("2026-11-25T09:00:00Z"), null, "Bob's call");
        ActivitiesPerWeek metric = new ActivitiesPerWeek(db.jpa, db.access, Clock.fixed(NOW, ZoneOffset.UTC));

        MetricData shanghai = db.as("ann", () -> metric.compute(new MetricRequest(3, SHANGHAI, "zh-CN")));
        assertThat(week(shanghai, "CALL")).containsExactly(Map.entry("2026-11-09", 0L),
                Map.entry("2026-11-16", 0L), Map.entry("2026-11-23", 2L));
        assertThat(week(shanghai, "MEETING")).containsExactly(Map.entry("2026-11-09", 0L),
                Map.entry("2026-11-16", 0L), Map.entry("2026-11-23", 1L));
        assertThat(week(shanghai, "NOTE")).containsExactly(Map.entry("2026-11-09", 1L),
                Map.entry("2026-11-16", 0L), Map.entry("2026-11-23", 0L));
        assertThat(shanghai.series()).extracting(MetricSeries::key)
                .containsExactly("CALL", "EMAIL", "MEETING", "TASK", "NOTE", "VISIT");
        assertThat(shanghai.series().get(0).points().get(2).link())
                .isEqualTo("/activities/calendar?week=2026-11-23");

        MetricData utc = db.as("ann", () -> metric.compute(new MetricRequest(2, ZoneOffset.UTC, "en")));
        assertThat(week(utc, "CALL")).containsExactly(Map.entry("2026-11-16", 1L), Map.entry("2026-11-23", 1L));

        MetricData bob = db.as("bob", () -> metric.compute(new MetricRequest(1, SHANGHAI, "en")));
        assertThat(week(bob, "CALL")).containsExactly(Map.entry("2026-11-23", 1L));
        assertThat(week(bob, "MEETING")).containsExactly(Map.entry("2026-11-23", 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void myOverdueTasksAreTheCallersOwnOpenTasksPastDueMostOverdueFirst(Db db) throws Exception {
        db.rep("ann");
        db.scopes.put("boss", DataScope.all());
        Instant hourAgo = NOW.minusSeconds(3600);
        Instant weekAgo = NOW.minusSeconds(7 * 86_400);
        db.activity("ann", "TASK", "OPEN", hourAgo, hourAgo, "Send the quote");
        db.activity("ann", "TASK", "OPEN", weekAgo, weekAgo, "Call back <b>now</b>");
        db.activity("ann", "TASK", "DONE", weekAgo, weekAgo, "Done already");
        db.activity("ann", "TASK", "OPEN", NOW.plusSeconds(3600), NOW.plusSeconds(3600), "Not yet due");
        db.activity("ann", "CALL", "OPEN", weekAgo, weekAgo, "A call, not a task");
        db.activity("bob", "TASK", "OPEN", weekAgo, weekAgo, "Bob's task");
        MyOverdueTasks metric = new MyOverdueTasks(db.jpa, db.currentUser, db.access,
                Clock.fixed(NOW, ZoneOffset.UTC));
        MetricRequest request = new MetricRequest(1, SHANGHAI, "en");

        MetricData ann = db.as("ann", () -> metric.compute(request));
        assertThat(ann.total().amount().longValueExact()).isEqualTo(2);
        assertThat(ann.items()).extracting(MetricItem::label)
                .containsExactly("Call back <b>now</b>", "Send the quote");
        assertThat(ann.items()).extracting(MetricItem::at).containsExactly(weekAgo, hourAgo);
        assertThat(ann.items()).extracting(MetricItem::link).containsOnly("/activities/tasks");

        // a manager who sees everyone's tasks still has no overdue tasks of their own
        MetricData boss = db.as("boss", () -> metric.compute(request));
        assertThat(boss.total().amount().longValueExact()).isZero();
        assertThat(boss.items()).isEmpty();
    }
}
