package io.relata.core.customers.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.relata.api.customer.LeadStatus;
import io.relata.api.customer.Leads;
import io.relata.api.metric.ChartKind;
import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricProvider;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricSeries;
import io.relata.api.metric.MetricValue;
import io.relata.api.reference.Picklists;
import io.relata.api.security.AccessControl;
import io.relata.api.security.ScopeClause;
import io.relata.core.customers.customer.CustomerScope;
import io.relata.core.customers.lead.LeadStore;

/**
 * The dashboard's leads by source and status: one bar per lead source (leads without one under
 * {@value #NO_SOURCE}), stacked by status, for the leads the caller sees (their scope and the lead pool, as the
 * leads list). Each part links to the leads list filtered by its status and source.
 */
@Component(service = MetricProvider.class)
public class LeadsBySourceAndStatus implements MetricProvider {

    static final String ID = "core.leads-by-source-status";
    /** The point key of leads without a source. */
    static final String NO_SOURCE = "-";
    private static final MetricDescriptor DESCRIPTOR = MetricDescriptor.builder(ID, ChartKind.BAR)
            .title("en", "Leads by source and status").title("zh-CN", "按来源和状态的线索")
            .permission("leads:read").order(30).pointKeys("lead.source").seriesKeys("lead.status").build();

    private final JpaTemplate jpa;
    private final AccessControl access;
    /** For the sources' labels in the caller's language; without it the keys are shown. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Picklists picklists;

    /** The store is not used; the metric waits for it, and so for the customer schema. */
    @Activate
    public LeadsBySourceAndStatus(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                                  @Reference AccessControl access, @Reference LeadStore leads) {
        this.jpa = jpa;
        this.access = access;
    }

    @Override
    public MetricDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MetricData compute(MetricRequest request) {
        // the leads list's own scope rule: the caller's leads and the pool's
        CustomerScope scope = new CustomerScope(access.scope(Leads.RECORD_TYPE));
        Map<String, Map<LeadStatus, Long>> bySource = new TreeMap<>();
        jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("l");
            TypedQuery<Object[]> query = em.createQuery("SELECT l.source, l.status, COUNT(l) FROM LeadEntity l"
                    + " WHERE l.deletedAt IS NULL AND " + visible.condition() + " GROUP BY l.source, l.status",
                    Object[].class);
            visible.named().forEach(query::setParameter);
            for (Object[] row : query.getResultList()) {
                String source = row[0] == null || row[0].toString().isBlank() ? NO_SOURCE : row[0].toString();
                bySource.computeIfAbsent(source, key -> new TreeMap<>())
                        .merge((LeadStatus) row[1], ((Number) row[2]).longValue(), Long::sum);
            }
            return null;
        });
        List<MetricSeries> series = new ArrayList<>();
        for (LeadStatus status : LeadStatus.values()) {
            List<MetricPoint> points = new ArrayList<>();
            bySource.forEach((source, counts) -> points.add(new MetricPoint(source, label(source, request.language()),
                    MetricValue.count(counts.getOrDefault(status, 0L)), link(source, status))));
            series.add(new MetricSeries(status.name(), null, points));
        }
        return MetricData.of(series);
    }

    private String label(String source, String language) {
        Picklists labels = picklists;
        if (labels == null || source.equals(NO_SOURCE)) {
            return null;
        }
        try {
            return labels.value(Picklists.LEAD_SOURCE, source).map(value -> value.label(language)).orElse(null);
        } catch (RuntimeException e) {
            return null; // a label is a nicety: the key still says what the bar is
        }
    }

    private static String link(String source, LeadStatus status) {
        String link = "/leads?status=" + status.name();
        return source.equals(NO_SOURCE) ? link
                : link + "&source=" + java.net.URLEncoder.encode(source, java.nio.charset.StandardCharsets.UTF_8);
    }
}
