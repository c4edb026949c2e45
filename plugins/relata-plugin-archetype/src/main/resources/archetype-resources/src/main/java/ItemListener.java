package ${package};

import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEventListener;
import io.relata.api.event.EventTopics;

/** Hears the module's own events after they committed; other modules' topics work the same way. */
@Component(service = {DomainEventListener.class, ItemListener.class})
@EventTopics("${moduleId}.*")
public class ItemListener implements DomainEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ItemListener.class);
    private final AtomicLong created = new AtomicLong();

    @Override
    public void onEvent(DomainEvent event) {
        if (event instanceof ItemCreated item) {
            LOG.info("item {} created ({} since start)", item.name(), created.incrementAndGet());
        }
    }
}
