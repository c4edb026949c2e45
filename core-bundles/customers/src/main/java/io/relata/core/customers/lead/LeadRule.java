package io.relata.core.customers.lead;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.core.customers.customer.Normalise;

/**
 * A lead assignment rule: leads whose source and region match (an empty criterion matches everything) go
 * round-robin to the members of a team or to a list of users, skipping anyone who already has
 * {@code maxOpenPerUser} open leads (0 = no cap).
 *
 * @param id             the rule's id (ignored on create)
 * @param name           what admins call it
 * @param position       rules are tried in ascending position (default 0); the first that can assign the lead
 *                       does
 * @param active         inactive rules are skipped
 * @param source         matches leads of this lead-source key only
 * @param region         matches leads whose address region is this (case-insensitive) only
 * @param teamId         hand out to this team's active members
 * @param userIds        or to these users, in this order
 * @param maxOpenPerUser the most open leads a user may have and still get one from this rule; 0 = no cap
 * @param version        the rule's version, its ETag
 */
public record LeadRule(String id, String name, Integer position, Boolean active, String source, String region,
                       String teamId, List<String> userIds, Integer maxOpenPerUser, Long version) {

    public LeadRule {
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
        position = position == null ? 0 : position;
        maxOpenPerUser = maxOpenPerUser == null ? 0 : maxOpenPerUser;
        version = version == null ? 0 : version;
    }

    @Override
    public Boolean active() {
        return active == null || active;
    }

    LeadRule validated() {
        List<FieldError> errors = new ArrayList<>();
        String cleanName = name == null ? null : name.strip();
        if (cleanName == null || cleanName.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (cleanName.length() > 100) {
            errors.add(new FieldError("name", "must be at most 100 characters"));
        }
        if (position < 0) {
            errors.add(new FieldError("position", "must not be negative"));
        }
        String cleanSource = blankToNull(source);
        if (cleanSource != null && !cleanSource.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            errors.add(new FieldError("source", "is not a lead-source key"));
        }
        String cleanRegion = blankToNull(region);
        if (cleanRegion != null && cleanRegion.length() > 100) {
            errors.add(new FieldError("region", "must be at most 100 characters"));
        }
        String cleanTeam = blankToNull(teamId);
        List<String> cleanUsers = List.copyOf(new LinkedHashSet<>(userIds.stream().map(String::strip)
                .filter(id -> !id.isEmpty()).toList()));
        if ((cleanTeam == null) == cleanUsers.isEmpty()) {
            errors.add(new FieldError("teamId", "give either a team or a list of users (userIds)"));
        }
        if (cleanTeam != null && !Normalise.isId(cleanTeam)) {
            errors.add(new FieldError("teamId", "is not an id"));
        }
        if (cleanUsers.stream().anyMatch(id -> !Normalise.isId(id)) || cleanUsers.size() > 200) {
            errors.add(new FieldError("userIds", "must be at most 200 user ids"));
        }
        if (maxOpenPerUser < 0) {
            errors.add(new FieldError("maxOpenPerUser", "must not be negative (0 means no cap)"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new LeadRule(id, cleanName, position, active(), cleanSource, cleanRegion, cleanTeam, cleanUsers,
                maxOpenPerUser, version);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
