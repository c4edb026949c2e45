package io.relata.api.activity;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;

/**
 * Activities as the current user may see them: a module shows the calls and visits about its own records (a
 * case's calls, an opportunity's meetings) without its own copy. Everything here applies the caller's data scope
 * for record type {@value Activity#RECORD_TYPE}.
 *
 * @since 1.1
 */
@ProviderType
public interface Activities {

    /** @return the activity, if it exists, is not deleted and the caller may see it */
    Optional<Activity> find(String id);

    /**
     * @param link the record, e.g. {@code sales.opportunity:…}
     * @return the visible activities linked to the record, newest first (by start, else due time, else creation)
     */
    Page<Activity> linkedTo(ActivityLink link, PageRequest page);
}
