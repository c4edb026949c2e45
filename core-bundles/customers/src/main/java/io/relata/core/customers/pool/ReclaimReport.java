package io.relata.core.customers.pool;

import java.time.Instant;
import java.util.List;

/**
 * What one run of the pool's reclaim rule did, or in a dry run would do.
 *
 * @param ranAt            when the run judged idleness
 * @param reclaimAfterDays the setting the run used; 0 means the rule is off and nothing was looked at
 * @param dryRun           whether the run only looked
 * @param recentlyActive   owned customers that would be idle by their owner's tenure alone, but an activity clock
 *                         reported a recent activity for
 * @param decisions        one per idle customer (a candidate), in the order the run met them
 */
public record ReclaimReport(Instant ranAt, int reclaimAfterDays, boolean dryRun, int recentlyActive,
                            List<Decision> decisions) {

    public ReclaimReport {
        decisions = List.copyOf(decisions);
    }

    public enum Outcome {
        RECLAIMED,
        /** In a dry run: nothing kept it, so a real run would have reclaimed it. */
        WOULD_RECLAIM,
        /** A hook kept it with its owner; {@link Decision#keptBy()} says which and why. */
        KEPT,
        /** Claimed, assigned, changed, deleted or reclaimed by another node between judging and reclaiming. */
        CHANGED_MEANWHILE,
        /** Reclaiming it failed; it stays with its owner and the next run tries again. */
        FAILED
    }

    /**
     * Why a hook kept a customer.
     *
     * @param hook   the {@code component.name} of the activity clock or veto (its class name when it has none)
     * @param reason what the hook said, e.g. {@code open deal D-17}, or why its failure kept the customer
     */
    public record Hold(String hook, String reason) {
    }

    /**
     * @param idleDays whole days since the owner got the customer or its newest reported activity
     * @param keptBy   the hooks that kept it; empty unless {@link Outcome#KEPT}
     * @param failure  what went wrong; {@code null} unless {@link Outcome#FAILED}
     */
    public record Decision(String customerId, String name, String ownerId, long idleDays, Outcome outcome,
                           List<Hold> keptBy, String failure) {

        public Decision {
            keptBy = List.copyOf(keptBy);
        }
    }

    public boolean ruleOff() {
        return reclaimAfterDays <= 0;
    }

    /** @return the customers found idle for longer than the setting, whatever happened to them */
    public int candidates() {
        return decisions.size();
    }

    public List<Decision> reclaimed() {
        return with(Outcome.RECLAIMED);
    }

    public List<Decision> wouldReclaim() {
        return with(Outcome.WOULD_RECLAIM);
    }

    public List<Decision> kept() {
        return with(Outcome.KEPT);
    }

    public List<Decision> changedMeanwhile() {
        return with(Outcome.CHANGED_MEANWHILE);
    }

    public List<Decision> failed() {
        return with(Outcome.FAILED);
    }

    private List<Decision> with(Outcome outcome) {
        return decisions.stream().filter(decision -> decision.outcome() == outcome).toList();
    }
}
