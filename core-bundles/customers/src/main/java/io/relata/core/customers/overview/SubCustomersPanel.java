package io.relata.core.customers.overview;

import java.util.List;
import java.util.Optional;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.CustomerPanelSpec;
import io.relata.api.customer.Customers;
import io.relata.api.customer.RecordLink;
import io.relata.api.security.ScopeClause;
import io.relata.core.customers.customer.CustomerScope;
import io.relata.core.customers.customer.CustomerStore;

/** Core's sub-customers panel: the direct children the caller may see, and how many customers the group has. */
@Component
@CustomerPanelSpec(id = "core.sub-customers", order = 200)
public class SubCustomersPanel implements CustomerPanel {

    static final int SHOWN = 10;

    private final JpaTemplate jpa;
    private final CustomerStore store;

    @Activate
    public SubCustomersPanel(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                             @Reference CustomerStore store) {
        this.jpa = jpa;
        this.store = store;
    }

    @Override
    public Optional<Content> render(Request request) {
        String customerId = request.customer().id();
        CustomerScope scope = store.scope();
        ScopeClause visible = scope.jpql("c");
        String children = " FROM CustomerEntity c WHERE c.parentId = :parent AND c.deletedAt IS NULL AND "
                + visible.condition();
        return jpa.txExpr(TransactionType.Supports, em -> {
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(c)" + children, Long.class);
            TypedQuery<Object[]> first = em.createQuery("SELECT c.id, c.name" + children
                    + " ORDER BY c.nameKey, c.id", Object[].class);
            for (TypedQuery<?> query : List.of(count, first)) {
                query.setParameter("parent", customerId);
                visible.named().forEach(query::setParameter);
            }
            Content.Builder content = Content.titled("Sub-customers", "下级客户")
                    .count("children", "Directly below", "直属下级", count.getSingleResult())
                    .count("subtree", "All levels below", "所有下级", request.subtreeIds().size() - 1L);
            for (Object[] child : first.setMaxResults(SHOWN).getResultList()) {
                content.item(new RecordLink(Customers.RECORD_TYPE, (String) child[0], (String) child[1]));
            }
            return Optional.of(content.build());
        });
    }
}
