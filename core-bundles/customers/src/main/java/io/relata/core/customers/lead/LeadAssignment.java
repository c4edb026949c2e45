package io.relata.core.customers.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

import io.relata.api.customer.LeadStatus;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/**
 * Picks the owner of a lead by the assignment rules: the first active rule, by position, whose criteria match and
 * that has a member below its cap. Within a rule, members take turns after whoever got the rule's last lead.
 */
final class LeadAssignment {

    /** A rule and the user it gives the lead to. */
    record Choice(LeadRuleEntity rule, String userId) {
    }

    /**
     * What the rules did with one lead.
     *
     * @param leadId  the lead
     * @param label   what a person recognises it by
     * @param ownerId who got it, or {@code null}
     * @param rule    the rule's name, or {@code null}
     * @param outcome in words
     */
    record Outcome(String leadId, String label, String ownerId, String rule, String outcome) {
    }

    private final Users users;

    LeadAssignment(Users users) {
        this.users = users;
    }

    /**
     * Locks each matching rule while it picks, so concurrent creates take turns instead of picking the same
     * member, and two nodes never hand out past a cap together.
     */
    Optional<Choice> choose(EntityManager em, LeadEntity lead) {
        List<String> ruleIds = em.createQuery("SELECT r.id FROM LeadRuleEntity r WHERE r.active = TRUE"
                + " ORDER BY r.position, r.name, r.id", String.class).getResultList();
        for (String ruleId : ruleIds) {
            LeadRuleEntity rule = em.find(LeadRuleEntity.class, ruleId, LockModeType.PESSIMISTIC_WRITE);
            if (rule == null || !rule.matches(lead.source(), lead.region())) {
                continue;
            }
            List<String> members = members(rule);
            int start = members.indexOf(rule.lastAssignedUserId()) + 1;
            for (int i = 0; i < members.size(); i++) {
                String candidate = members.get((start + i) % members.size());
                if (rule.maxOpenPerUser() == 0 || openLeads(em, candidate) < rule.maxOpenPerUser()) {
                    return Optional.of(new Choice(rule, candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The rule's active members in turn order: its users as listed, or its team's members by username. */
    private List<String> members(LeadRuleEntity rule) {
        List<String> members = new ArrayList<>();
        if (rule.teamId() != null) {
            users.teamMembers(rule.teamId()).stream().filter(UserSummary::active).map(UserSummary::id)
                    .forEach(members::add);
        } else {
            for (String userId : rule.userIds()) {
                users.byId(userId).filter(UserSummary::active).ifPresent(user -> members.add(user.id()));
            }
        }
        return members;
    }

    private static long openLeads(EntityManager em, String userId) {
        return em.createQuery("SELECT COUNT(l) FROM LeadEntity l WHERE l.deletedAt IS NULL AND l.ownerId = :owner"
                        + " AND l.status IN :open", Long.class).setParameter("owner", userId)
                .setParameter("open", List.of(LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED))
                .getSingleResult();
    }
}
