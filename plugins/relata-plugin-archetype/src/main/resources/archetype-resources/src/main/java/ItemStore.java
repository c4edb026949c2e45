package ${package};

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.event.DomainEvents;
import io.relata.api.persistence.SchemaStatus;

/** Items in the module's table; every method is one JTA transaction. */
@Component(service = ItemStore.class)
public class ItemStore {

    private final JpaTemplate jpa;
    private final DomainEvents events;

    @Activate
    public ItemStore(@Reference(target = "(osgi.unit.name=${moduleId})") JpaTemplate jpa,
                     @Reference(target = PluginSchema.READY) SchemaStatus schema,
                     @Reference DomainEvents events) {
        this.jpa = jpa;
        this.events = events;
    }

    public ItemView create(String name) {
        return jpa.txExpr(TransactionType.Required, em -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Item item = new Item(UUID.randomUUID().toString(), name, now);
            em.persist(item);
            em.flush();
            ItemView view = item.view();
            events.publish(new ItemCreated(view.id(), view.name(), now));
            return view;
        });
    }

    public List<ItemView> list(int limit) {
        return jpa.txExpr(TransactionType.Supports, em -> em
                .createQuery("SELECT i FROM Item i ORDER BY i.createdAt DESC", Item.class)
                .setMaxResults(limit).getResultList().stream().map(Item::view).toList());
    }
}
