package io.relata.api.security;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Looks users up, for modules that show owners or assign records. */
@ProviderType
public interface Users {

    Optional<UserSummary> byId(String id);

    Optional<UserSummary> byUsername(String username);

    /**
     * @return the members of a team, active or not, by username; empty for an unknown team (lead assignment
     *         rules hand out leads round-robin over a team)
     */
    List<UserSummary> teamMembers(String teamId);
}
