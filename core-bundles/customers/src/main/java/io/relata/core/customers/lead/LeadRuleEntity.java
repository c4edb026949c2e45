package io.relata.core.customers.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.OrderColumn;
import javax.persistence.Table;
import javax.persistence.Version;

/** An assignment rule row. */
@Entity
@Table(name = "core_lead_rule")
public class LeadRuleEntity {

    @Id
    private String id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false)
    private int position;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "match_source", length = 40)
    private String matchSource;

    @Column(name = "match_region", length = 100)
    private String matchRegion;

    @Column(name = "team_id", length = 36)
    private String teamId;

    @ElementCollection
    @CollectionTable(name = "core_lead_rule_user", joinColumns = @JoinColumn(name = "rule_id"))
    @OrderColumn(name = "position")
    @Column(name = "user_id", length = 36)
    private List<String> userIds = new ArrayList<>();

    @Column(name = "max_open_per_user", nullable = false)
    private int maxOpenPerUser;

    @Column(name = "last_assigned_user_id", length = 36)
    private String lastAssignedUserId;

    @Version
    private long version;

    protected LeadRuleEntity() {
    }

    LeadRuleEntity(String id, LeadRule rule) {
        this.id = id;
        apply(rule);
    }

    void apply(LeadRule rule) {
        name = rule.name();
        position = rule.position();
        active = rule.active();
        matchSource = rule.source();
        matchRegion = rule.region();
        teamId = rule.teamId();
        if (!userIds.equals(rule.userIds())) {
            userIds.clear();
            userIds.addAll(rule.userIds());
        }
        maxOpenPerUser = rule.maxOpenPerUser();
    }

    /** Whether a lead with this source and region is this rule's; a criterion left empty matches everything. */
    boolean matches(String source, String region) {
        return active && (matchSource == null || matchSource.equals(source))
                && (matchRegion == null || (region != null
                && matchRegion.toLowerCase(Locale.ROOT).equals(region.strip().toLowerCase(Locale.ROOT))));
    }

    LeadRule view() {
        return new LeadRule(id, name, position, active, matchSource, matchRegion, teamId, List.copyOf(userIds),
                maxOpenPerUser, version);
    }

    void assignedTo(String userId) {
        lastAssignedUserId = userId;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String teamId() {
        return teamId;
    }

    List<String> userIds() {
        return userIds;
    }

    int maxOpenPerUser() {
        return maxOpenPerUser;
    }

    String lastAssignedUserId() {
        return lastAssignedUserId;
    }

    long version() {
        return version;
    }
}
