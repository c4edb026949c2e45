package io.relata.core.customers.metric;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.LifecycleStage;
import io.relata.api.metric.ChartKind;
import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricProvider;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricSeries;
import io.relata.api.security.ScopeClause;
import io.relata.core.customers.customer.CustomerScope;
import io.relata.core.customers.customer.CustomerStore;

/**
 * The dashboard's customers by lifecycle stage: the customers the caller sees (their scope and the pool), each
 * stage linking to the customers list filtered by it. Every stage is answered, also with none, so the chart's
 * colours stay the same from user to user.
 */
@Component(service = MetricProvider.class)
public class CustomersByStage implements MetricProvider {

    static final String ID = "core.customers-by-stage";
    private static final MetricDescriptor DESCRIPTOR = MetricDescriptor.builder(ID, ChartKind.PIE)
            .title("en", "Customers by stage").title("zh-CN", "按阶段的客户")
            .permission("customers:read").order(20).pointKeys("customer.stage").build();

    private final JpaTemplate jpa;
    private final CustomerStore customers;

    /** The store is there for its scope, and so that the metric waits for the customer schema as the store does. */
    @Activate
    public CustomersByStage(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                            @Reference CustomerStore customers) {
        this.jpa = jpa;
        this.customers = customers;
    }

    @Override
    public MetricDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MetricData compute(MetricRequest request) {
        CustomerScope scope = customers.scope();
        Map<LifecycleStage, Long> counts = new EnumMap<>(LifecycleStage.class);
        jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("c");
            TypedQuery<Object[]> query = em.createQuery("SELECT c.stage, COUNT(c) FROM CustomerEntity c"
                    + " WHERE c.deletedAt IS NULL AND " + visible.condition() + " GROUP BY c.stage", Object[].class);
            visible.named().forEach(query::setParameter);
            for (Object[] row : query.getResultList()) {
                counts.put((LifecycleStage) row[0], ((Number) row[1]).longValue());
            }
            return null;
        });
        List<MetricPoint> points = java.util.Arrays.stream(LifecycleStage.values())
                .map(stage -> MetricPoint.count(stage.name(), counts.getOrDefault(stage, 0L),
                        "/customers?stage=" + stage.name()))
                .toList();
        return MetricData.of(new MetricSeries("customers", null, points));
    }
}
