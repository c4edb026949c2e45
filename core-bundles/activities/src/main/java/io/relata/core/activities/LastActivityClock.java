package io.relata.core.activities;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.CustomerActivityClock;

/**
 * Tells the public pool's reclaim rule when customers last had an activity, directly or through one of their
 * contacts: one query of the touch table per batch, which every activity write keeps up to date.
 */
@Component
public class LastActivityClock implements CustomerActivityClock {

    private final ActivityStore store;

    @Activate
    public LastActivityClock(@Reference ActivityStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Instant> lastActivity(Collection<String> customerIds) {
        return store.lastActivity(customerIds);
    }
}
