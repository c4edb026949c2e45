package ${package};

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.event.DomainEvents;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.ScopeClause;

/**
 * Items in the module's table; every method is one JTA transaction. Every query carries the caller's data scope
 * for {@value #RECORD_TYPE}, so users see only the items their roles let them see (see the plugin guide).
 */
@Component(service = ItemStore.class)
public class ItemStore {

    static final String RECORD_TYPE = "${moduleId}.item";

    private final JpaTemplate jpa;
    private final DomainEvents events;
    private final CurrentUser currentUser;
    private final AccessControl access;

    @Activate
    public ItemStore(@Reference(target = "(osgi.unit.name=${moduleId})") JpaTemplate jpa,
                     @Reference(target = PluginSchema.READY) SchemaStatus schema,
                     @Reference DomainEvents events,
                     @Reference CurrentUser currentUser,
                     @Reference AccessControl access) {
        this.jpa = jpa;
        this.events = events;
        this.currentUser = currentUser;
        this.access = access;
    }

    public ItemView create(String name) {
        String owner = currentUser.require().id();
        return jpa.txExpr(TransactionType.Required, em -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Item item = new Item(UUID.randomUUID().toString(), name, owner, now);
            em.persist(item);
            em.flush();
            ItemView view = item.view();
            events.publish(new ItemCreated(view.id(), view.name(), now));
            return view;
        });
    }

    public List<ItemView> list(int limit) {
        ScopeClause scope = access.scope(RECORD_TYPE).jpql("i.ownerId");
        return jpa.txExpr(TransactionType.Supports, em -> {
            TypedQuery<Item> query = em.createQuery("SELECT i FROM Item i WHERE " + scope.condition()
                    + " ORDER BY i.createdAt DESC", Item.class);
            scope.named().forEach(query::setParameter);
            return query.setMaxResults(limit).getResultList().stream().map(Item::view).toList();
        });
    }
}
