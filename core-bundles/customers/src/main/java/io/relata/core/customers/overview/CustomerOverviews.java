package io.relata.core.customers.overview;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.core.customers.customer.CustomerScope;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.overview.CustomerOverview.PathStep;
import io.relata.core.customers.overview.CustomerOverview.Rollup;

/**
 * Builds customers' 360 views: the customer, where it sits in its hierarchy, counts over everything below it, and
 * the panels modules contribute.
 *
 * <p>The rollup counts only customers the caller may see, chosen in the query by the same data scope as every
 * other read: a customer below a hidden one still counts when the caller may see it, and a hidden customer never
 * counts, not even as a number, so the view does not reveal how much of the group someone else owns.
 */
@Component(service = CustomerOverviews.class, configurationPid = OverviewSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OverviewSettings.class)
public class CustomerOverviews {

    private final JpaTemplate jpa;
    private final CustomerStore store;
    private final AccessControl access;
    private final PanelBoard board;

    @Activate
    public CustomerOverviews(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                             @Reference CustomerStore store, @Reference AccessControl access,
                             @Reference CurrentUser currentUser, OverviewSettings settings) {
        this(jpa, store, access, currentUser, timeout(settings));
    }

    CustomerOverviews(JpaTemplate jpa, CustomerStore store, AccessControl access, CurrentUser currentUser,
                      Duration panelTimeout) {
        this.jpa = jpa;
        this.store = store;
        this.access = access;
        this.board = new PanelBoard(currentUser, panelTimeout);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPanel(CustomerPanel panel, Map<String, Object> properties) {
        board.add(panel, properties);
    }

    void updatedPanel(CustomerPanel panel, Map<String, Object> properties) {
        board.add(panel, properties);
    }

    void removePanel(CustomerPanel panel) {
        board.remove(panel);
    }

    @Modified
    void modified(OverviewSettings settings) {
        board.timeout(timeout(settings));
    }

    @Deactivate
    void deactivate() {
        board.close();
    }

    /**
     * @throws io.relata.api.rest.ProblemException 404 when the customer does not exist, is deleted or is outside the
     *                                             caller's scope, or the caller lacks {@code customers:read}
     */
    public CustomerOverview of(String customerId) {
        Customer customer = store.find(customerId).orElseThrow(() -> CustomerStore.notFound(customerId));
        List<PathStep> path = new ArrayList<>();
        for (Customer ancestor : store.ancestors(customerId)) {
            path.add(new PathStep(ancestor.id(), ancestor.name()));
        }
        Collections.reverse(path);
        VisibleSubtree subtree = visibleSubtree(customerId);
        return new CustomerOverview(customer, path, subtree.rollup(),
                board.render(new CustomerPanel.Request(customer, subtree.ids())));
    }

    private record VisibleSubtree(Set<String> ids, Rollup rollup) {
    }

    private VisibleSubtree visibleSubtree(String customerId) {
        CustomerScope scope = store.scope();
        boolean seesContacts = access.permits("contacts:read");
        return jpa.txExpr(TransactionType.Supports, em -> {
            CustomerStore.live(em, customerId, scope).orElseThrow(() -> CustomerStore.notFound(customerId));
            Map<String, LifecycleStage> visible = SubtreeQueries.visible(em, store.subtree(em, customerId), scope);
            Map<LifecycleStage, Long> stages = new EnumMap<>(LifecycleStage.class);
            for (LifecycleStage stage : LifecycleStage.values()) {
                stages.put(stage, 0L);
            }
            visible.values().forEach(stage -> stages.merge(stage, 1L, Long::sum));
            Long contacts = seesContacts ? SubtreeQueries.contacts(em, visible.keySet()) : null;
            return new VisibleSubtree(visible.keySet(), new Rollup(visible.size(), contacts, stages));
        });
    }

    private static Duration timeout(OverviewSettings settings) {
        return Duration.ofMillis(Math.max(1, settings.panels_timeoutMillis()));
    }
}
