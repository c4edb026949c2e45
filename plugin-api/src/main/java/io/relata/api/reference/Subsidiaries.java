package io.relata.api.reference;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The organisation's subsidiaries. Records that belong to a subsidiary keep its id and check it here. */
@ProviderType
public interface Subsidiaries {

    /** @return the subsidiary with this id; empty for an unknown or {@code null} id */
    Optional<Subsidiary> find(String id);

    /** @return every subsidiary, by name */
    List<Subsidiary> list();
}
