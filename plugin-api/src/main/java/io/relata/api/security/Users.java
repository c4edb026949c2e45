package io.relata.api.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Looks users up, for modules that show owners or assign records. */
@ProviderType
public interface Users {

    Optional<UserSummary> byId(String id);

    Optional<UserSummary> byUsername(String username);
}
