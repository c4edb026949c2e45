package io.relata.core.customers.metric;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.customer.LeadStatus;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricRequest;
import io.relata.api.metric.MetricSeries;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.lead.LeadFields;
import io.relata.core.customers.lead.LeadFixture;
import io.relata.core.customers.lead.LeadStore;

class CustomerMetricsTest {

    private static final MetricRequest REQUEST = new MetricRequest(1, ZoneOffset.UTC, "en");

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    private static TestUser rep(CustomerFixture db, String id) {
        return db.user(id, Set.of("customers:read", "customers:write", "leads:read", "leads:write"),
                new DataScope(ScopeKind.OWN, Set.of(id)));
    }

    private static Map<String, Long> counts(MetricSeries series) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MetricPoint point : series.points()) {
            counts.put(point.key(), point.value().amount().longValueExact());
        }
        return counts;
    }

    private static LeadFields lead(String last, String source, LeadStatus status, String ownerId) {
        return new LeadFields("Lee", last, last + " Ltd", null, last.toLowerCase() + "@example.com", null, null, null,
                source, null, status, null, null, ownerId, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void customersByStageCountsWhatTheCallerSeesAndLinksToTheFilteredList(CustomerFixture db) {
        TestUser ann = rep(db, "ann");
        TestUser bob = rep(db, "bob");
        TestUser admin = db.admin("admin");
        db.as(ann, () -> {
            db.store.create(company("Ann One"), false);
            db.store.create(company("Ann Two"), false);
            db.store.create(with(company("Ann Three"), "stage", LifecycleStage.CUSTOMER), false);
        });
        db.as(bob, () -> {
            db.store.create(with(company("Bob One"), "stage", LifecycleStage.FORMER), false);
            String gone = db.store.create(with(company("Bob Gone"), "stage", LifecycleStage.CUSTOMER), false).id();
            db.store.delete(gone, null);
        });
        CustomersByStage metric = new CustomersByStage(db.jpa, db.store);

        MetricData annSees = db.as(ann, () -> metric.compute(REQUEST));
        assertThat(counts(annSees.series().get(0))).containsExactly(Map.entry("PROSPECT", 2L),
                Map.entry("CUSTOMER", 1L), Map.entry("FORMER", 0L));
        assertThat(annSees.series().get(0).points()).extracting(MetricPoint::link).containsExactly(
                "/customers?stage=PROSPECT", "/customers?stage=CUSTOMER", "/customers?stage=FORMER");
        assertThat(counts(db.as(bob, () -> metric.compute(REQUEST)).series().get(0)))
                .containsExactly(Map.entry("PROSPECT", 0L), Map.entry("CUSTOMER", 0L), Map.entry("FORMER", 1L));
        assertThat(counts(db.as(admin, () -> metric.compute(REQUEST)).series().get(0)))
                .containsExactly(Map.entry("PROSPECT", 2L), Map.entry("CUSTOMER", 1L), Map.entry("FORMER", 1L));
        assertThat(metric.descriptor().permission()).isEqualTo("customers:read");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void leadsBySourceAndStatusCountsOwnLeadsAndThePool(CustomerFixture db) {
        TestUser ann = rep(db, "ann");
        TestUser bob = rep(db, "bob");
        LeadStore leads = LeadFixture.leads(db);
        db.as(ann, () -> {
            leads.create(lead("Alpha", "web", null, "ann"), false);
            leads.create(lead("Beta", "web", LeadStatus.WORKING, "ann"), false);
            leads.create(lead("Gamma", "referral", LeadStatus.QUALIFIED, "ann"), false);
        });
        db.as(bob, () -> {
            leads.create(lead("Delta", "web", null, "bob"), false);
            leads.create(lead("Epsilon", null, LeadStatus.WORKING, "bob"), false);
            leads.create(lead("Pooled", "web", null, null), false); // no rule takes it: the pool
        });
        LeadsBySourceAndStatus metric = new LeadsBySourceAndStatus(db.jpa, db.access, leads);

        Map<String, Map<String, Long>> ann1 = byStatus(db.as(ann, () -> metric.compute(REQUEST)));
        assertThat(ann1.get("NEW")).containsExactly(Map.entry("referral", 0L), Map.entry("web", 2L));
        assertThat(ann1.get("WORKING")).containsExactly(Map.entry("referral", 0L), Map.entry("web", 1L));
        assertThat(ann1.get("QUALIFIED")).containsExactly(Map.entry("referral", 1L), Map.entry("web", 0L));
        assertThat(ann1.keySet()).containsExactly("NEW", "WORKING", "QUALIFIED", "DISQUALIFIED", "CONVERTED");

        MetricData bobSees = db.as(bob, () -> metric.compute(REQUEST));
        Map<String, Map<String, Long>> bob1 = byStatus(bobSees);
        assertThat(bob1.get("NEW")).containsExactly(Map.entry("-", 0L), Map.entry("web", 2L));
        assertThat(bob1.get("WORKING")).containsExactly(Map.entry("-", 1L), Map.entry("web", 0L));
        MetricSeries working = bobSees.series().stream().filter(s -> s.key().equals("WORKING")).findFirst()
                .orElseThrow();
        assertThat(working.points()).extracting(MetricPoint::link)
                .containsExactly("/leads?status=WORKING", "/leads?status=WORKING&source=web");
    }

    private static Map<String, Map<String, Long>> byStatus(MetricData data) {
        Map<String, Map<String, Long>> byStatus = new LinkedHashMap<>();
        for (MetricSeries series : data.series()) {
            byStatus.put(series.key(), counts(series));
        }
        return byStatus;
    }

    @SuppressWarnings("unused")
    private static List<String> keys(MetricSeries series) {
        return series.points().stream().map(MetricPoint::key).toList();
    }
}
