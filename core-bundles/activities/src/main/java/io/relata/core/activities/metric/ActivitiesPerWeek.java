package io.relata.core.activities.metric;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.metric.ChartKind;
import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricProvider;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricSeries;
import io.relata.api.security.AccessControl;
import io.relata.api.security.ScopeClause;
import io.relata.core.activities.ActivityStore;

/**
 * The dashboard's activities per week: the activities the caller sees over the last weeks, by type, placed in
 * the week of their time (start, else due, else creation: the timeline's order) in the caller's time zone. Weeks
 * start on Monday, the current week is the last. Cancelled activities are left out: they did not happen.
 * Each bar links to that week of the calendar.
 */
@Component(service = MetricProvider.class)
public class ActivitiesPerWeek implements MetricProvider {

    static final String ID = "core.activities-per-week";
    private static final MetricDescriptor DESCRIPTOR = MetricDescriptor.builder(ID, ChartKind.BAR)
            .title("en", "Activities per week").title("zh-CN", "每周活动")
            .permission("activities:read").order(10).weeks(8).pointKeys("week").seriesKeys("activity.type")
            .build();

    private final JpaTemplate jpa;
    private final AccessControl access;
    private final Clock clock;

    /** The store is not used; the metric waits for it, and so for the activity schema. */
    @Activate
    public ActivitiesPerWeek(@Reference(target = "(osgi.unit.name=activities)") JpaTemplate jpa,
                             @Reference AccessControl access, @Reference ActivityStore store) {
        this(jpa, access, Clock.systemUTC());
    }

    ActivitiesPerWeek(JpaTemplate jpa, AccessControl access, Clock clock) {
        this.jpa = jpa;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public MetricDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MetricData compute(MetricRequest request) {
        LocalDate thisWeek = LocalDate.now(clock.withZone(request.timeZone()))
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        List<LocalDate> weeks = new ArrayList<>();
        for (int back = request.weeks() - 1; back >= 0; back--) {
            weeks.add(thisWeek.minusWeeks(back));
        }
        ScopeClause visible = access.scope(Activity.RECORD_TYPE).jpql("a.ownerId");
        List<Map<ActivityType, Long>> counts = jpa.txExpr(TransactionType.Supports, em -> {
            // one grouped count per week: week boundaries in the user's zone are not portable SQL, and a few
            // indexed range counts stay cheap however many activities there are
            List<Map<ActivityType, Long>> perWeek = new ArrayList<>();
            for (LocalDate week : weeks) {
                TypedQuery<Object[]> query = em.createQuery("SELECT a.type, COUNT(a) FROM ActivityEntity a"
                        + " WHERE a.deletedAt IS NULL AND a.status <> :cancelled AND " + visible.condition()
                        + " AND a.sortAt >= :from AND a.sortAt < :to GROUP BY a.type", Object[].class);
                visible.named().forEach(query::setParameter);
                query.setParameter("cancelled", ActivityStatus.CANCELLED)
                        .setParameter("from", startOf(week, request))
                        .setParameter("to", startOf(week.plusWeeks(1), request));
                Map<ActivityType, Long> byType = new EnumMap<>(ActivityType.class);
                for (Object[] row : query.getResultList()) {
                    byType.put((ActivityType) row[0], ((Number) row[1]).longValue());
                }
                perWeek.add(byType);
            }
            return perWeek;
        });
        List<MetricSeries> series = new ArrayList<>();
        for (ActivityType type : ActivityType.values()) {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < weeks.size(); i++) {
                points.add(MetricPoint.count(weeks.get(i).toString(), counts.get(i).getOrDefault(type, 0L),
                        "/activities/calendar?week=" + weeks.get(i)));
            }
            series.add(new MetricSeries(type.name(), null, points));
        }
        return MetricData.of(series);
    }

    private static OffsetDateTime startOf(LocalDate day, MetricRequest request) {
        return day.atStartOfDay(request.timeZone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }
}
