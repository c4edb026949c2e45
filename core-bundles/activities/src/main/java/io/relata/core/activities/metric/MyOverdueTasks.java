package io.relata.core.activities.metric;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

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
import io.relata.api.metric.MetricItem;
import io.relata.api.metric.MetricProvider;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricValue;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.ScopeClause;
import io.relata.core.activities.ActivityStore;

/**
 * The dashboard's "my overdue tasks": how many of the caller's own open tasks are past due, and the
 * {@value #SHOWN} most overdue, each linking to the task list.
 */
@Component(service = MetricProvider.class)
public class MyOverdueTasks implements MetricProvider {

    static final String ID = "core.my-overdue-tasks";
    static final int SHOWN = 5;
    static final String TASKS = "/activities/tasks";
    private static final MetricDescriptor DESCRIPTOR = MetricDescriptor.builder(ID, ChartKind.LIST)
            .title("en", "My overdue tasks").title("zh-CN", "我的逾期任务")
            .permission("activities:read").order(40).build();

    private final JpaTemplate jpa;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Clock clock;

    /** The store is not used; the metric waits for it, and so for the activity schema. */
    @Activate
    public MyOverdueTasks(@Reference(target = "(osgi.unit.name=activities)") JpaTemplate jpa,
                          @Reference CurrentUser currentUser, @Reference AccessControl access,
                          @Reference ActivityStore store) {
        this(jpa, currentUser, access, Clock.systemUTC());
    }

    MyOverdueTasks(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Clock clock) {
        this.jpa = jpa;
        this.currentUser = currentUser;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public MetricDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MetricData compute(MetricRequest request) {
        String me = currentUser.require().id();
        ScopeClause visible = access.scope(Activity.RECORD_TYPE).jpql("a.ownerId");
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return jpa.txExpr(TransactionType.Supports, em -> {
            String where = " FROM ActivityEntity a WHERE a.deletedAt IS NULL AND a.type = :task"
                    + " AND a.status = :open AND a.ownerId = :me AND a.dueAt < :now AND " + visible.condition();
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(a)" + where, Long.class);
            TypedQuery<Object[]> first = em.createQuery("SELECT a.id, a.subject, a.dueAt" + where
                    + " ORDER BY a.dueAt ASC, a.id", Object[].class);
            for (TypedQuery<?> query : List.of(count, first)) {
                visible.named().forEach(query::setParameter);
                query.setParameter("task", ActivityType.TASK).setParameter("open", ActivityStatus.OPEN)
                        .setParameter("me", me).setParameter("now", now);
            }
            List<MetricItem> items = first.setMaxResults(SHOWN).getResultList().stream()
                    .map(row -> new MetricItem((String) row[0], (String) row[1],
                            instant(row[2]), TASKS))
                    .toList();
            return new MetricData(List.of(), MetricValue.count(count.getSingleResult()), items, TASKS);
        });
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof OffsetDateTime at) {
            return at.toInstant();
        }
        return value instanceof java.sql.Timestamp at ? at.toInstant() : null;
    }
}
