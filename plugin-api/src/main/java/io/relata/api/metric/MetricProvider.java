package io.relata.api.metric;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One chart of the home dashboard. Register it as a service (any number may be registered, and they may come and
 * go with their modules); the dashboard shows it to every signed-in user who holds its permission.
 *
 * <p>The dashboard calls {@link #compute} on the request's thread, as the caller and outside any transaction:
 * apply the caller's data scope in the query, as every list does ({@code access.scope(recordType).jpql(...)}),
 * so the numbers agree with the lists the points link to. Only read. A provider that throws fails its own
 * metric alone: the dashboard answers a problem for it, logs a warning, and the other charts still show.
 *
 * <pre>{@code
 * @Component
 * public class OpenOrders implements MetricProvider {
 *     @Reference JpaTemplate jpa;
 *     @Reference AccessControl access;
 *
 *     public MetricDescriptor descriptor() {
 *         return MetricDescriptor.builder("acme.orders-by-status", ChartKind.PIE)
 *                 .title("en", "Orders by status").title("zh-CN", "按状态的订单")
 *                 .permission("acme.orders:read").order(300).build();
 *     }
 *
 *     public MetricData compute(MetricRequest request) {
 *         ScopeClause scope = access.scope("acme.order").jpql("o.ownerId");
 *         ... SELECT o.status, COUNT(o) FROM Order o WHERE <scope> GROUP BY o.status ...
 *         return MetricData.of(new MetricSeries("orders", null, points));
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface MetricProvider {

    /** @return what the dashboard lists; cheap, never failing, the same value every time */
    MetricDescriptor descriptor();

    /**
     * @param request the period, time zone and language
     * @return the metric as the caller may see it
     */
    MetricData compute(MetricRequest request);
}
