package io.relata.core.activities;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activities;
import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityLink;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.AccessControl;

/**
 * The plugin API's read access to activities, through the store and so the caller's scope; a caller without
 * {@code activities:read} sees none, as over REST.
 */
@Component(service = Activities.class)
public class ActivityReads implements Activities {

    private static final String READ = "activities:read";

    private final ActivityStore store;
    private final AccessControl access;

    @Activate
    public ActivityReads(@Reference ActivityStore store, @Reference AccessControl access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public Optional<Activity> find(String id) {
        return access.permits(READ) ? store.find(id) : Optional.empty();
    }

    @Override
    public Page<Activity> linkedTo(ActivityLink link, PageRequest page) {
        if (!access.permits(READ)) {
            return Page.last(List.of());
        }
        return store.list(new ActivityQuery(Set.of(), null, null, link, null, null, null), page);
    }

}
