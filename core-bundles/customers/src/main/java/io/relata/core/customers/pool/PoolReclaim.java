package io.relata.core.customers.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.customer.CustomerActivityClock;
import io.relata.api.customer.PoolReclaimVeto;
import io.relata.api.security.CurrentUser;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.Ownership;
import io.relata.core.customers.customer.PoolSettings;
import io.relata.core.customers.pool.ReclaimReport.Decision;
import io.relata.core.customers.pool.ReclaimReport.Hold;
import io.relata.core.customers.pool.ReclaimReport.Outcome;

/**
 * The public pool's reclaim rule: returns owned customers to the pool after {@code pool.reclaimAfterDays} days
 * without a logged activity. Idle time counts from the later of the moment the owner got the customer and the
 * newest activity any {@link CustomerActivityClock} reports; any {@link PoolReclaimVeto} may keep an idle customer.
 * Hooks are asked batch by batch, outside transactions, and a hook that fails keeps its batch with the owners.
 *
 * <p>A Karaf scheduler job, daily at 02:15 server time. Every node of a cluster runs it, which is safe: each
 * customer is reclaimed in its own transaction that locks the row and re-checks that the customer is still
 * exactly as judged, so the node that comes second leaves it alone.
 */
@Component(service = {Runnable.class, PoolReclaim.class}, configurationPid = PoolSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"scheduler.name=relata-pool-reclaim", "scheduler.expression=0 15 2 * * ?",
                "scheduler.concurrent:Boolean=false"})
public class PoolReclaim implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolReclaim.class);
    /** Customers judged together: one query, and one call of every hook. */
    private static final int BATCH = 200;
    /** How the audit reason names who reclaimed the customer. */
    private static final String RULE = "pool rule";
    private static final String COMPONENT_NAME = "component.name";

    /** A registered hook under the name the report and the log give it. */
    private record Hook<T>(String name, T service) {
    }

    private final CustomerStore customers;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final int batchSize;
    private final List<Hook<CustomerActivityClock>> clocks = new CopyOnWriteArrayList<>();
    private final List<Hook<PoolReclaimVeto>> vetoes = new CopyOnWriteArrayList<>();
    private volatile int reclaimAfterDays;

    @Activate
    public PoolReclaim(@Reference CustomerStore customers, @Reference CurrentUser currentUser,
                       PoolSettings settings) {
        this(customers, currentUser, Clock.systemUTC(), settings, BATCH);
    }

    PoolReclaim(CustomerStore customers, CurrentUser currentUser, Clock clock, PoolSettings settings,
                int batchSize) {
        this.customers = customers;
        this.currentUser = currentUser;
        this.clock = clock;
        this.batchSize = batchSize;
        this.reclaimAfterDays = settings.pool_reclaimAfterDays();
    }

    @Modified
    void modified(PoolSettings settings) {
        reclaimAfterDays = settings.pool_reclaimAfterDays();
    }

    @Reference(name = "clocks", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeClock")
    void addClock(CustomerActivityClock activityClock, Map<String, Object> properties) {
        clocks.add(new Hook<>(nameOf(activityClock, properties), activityClock));
    }

    void removeClock(CustomerActivityClock activityClock) {
        clocks.removeIf(hook -> hook.service() == activityClock);
    }

    @Reference(name = "vetoes", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeVeto")
    void addVeto(PoolReclaimVeto veto, Map<String, Object> properties) {
        vetoes.add(new Hook<>(nameOf(veto, properties), veto));
    }

    void removeVeto(PoolReclaimVeto veto) {
        vetoes.removeIf(hook -> hook.service() == veto);
    }

    /** The scheduled run. */
    @Override
    public void run() {
        try {
            runAsSystem(false, RULE);
        } catch (RuntimeException e) {
            // the scheduler would swallow it; the next run tries again
            LOG.error("The pool's reclaim rule failed", e);
        }
    }

    /**
     * Runs the rule now, as the platform itself like the scheduled run; the audit reason names who started it.
     *
     * @param dryRun only judge: ask the hooks, change nothing
     */
    public ReclaimReport runNow(boolean dryRun, String startedBy) {
        return runAsSystem(dryRun, RULE + ", run by " + startedBy);
    }

    private ReclaimReport runAsSystem(boolean dryRun, String origin) {
        try {
            // the system sees every customer, and hooks see the platform, not whoever happened to start the run
            return currentUser.runAsSystem(() -> reclaim(dryRun, origin));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Judges every owned customer batch by batch; reclaims those nothing keeps unless this is a dry run. */
    private ReclaimReport reclaim(boolean dryRun, String origin) {
        int days = reclaimAfterDays;
        Instant now = clock.instant();
        if (days <= 0) {
            return new ReclaimReport(now, days, dryRun, 0, List.of());
        }
        Run run = new Run(now, now.minus(Duration.ofDays(days)), dryRun, origin);
        String afterId = null;
        List<Ownership> batch;
        do {
            // an activity only shortens idle time: whoever got their customer after the cutoff cannot be idle
            batch = customers.ownedBefore(run.cutoff, afterId, batchSize);
            if (!batch.isEmpty()) {
                afterId = batch.get(batch.size() - 1).customerId();
                run.judge(batch);
            }
        } while (batch.size() == batchSize);
        ReclaimReport report = new ReclaimReport(now, days, dryRun, run.recentlyActive, run.decisions);
        if (!dryRun && report.candidates() > 0) {
            LOG.info("Pool rule ({} days): reclaimed {}, kept by hooks {}, changed meanwhile {}, failed {}", days,
                    report.reclaimed().size(), report.kept().size(), report.changedMeanwhile().size(),
                    report.failed().size());
        }
        return report;
    }

    /** One run of the rule: what it judges against, and what it decided so far. */
    private final class Run {
        final Instant now;
        final Instant cutoff;
        final boolean dryRun;
        final String origin;
        final List<Decision> decisions = new ArrayList<>();
        int recentlyActive;

        Run(Instant now, Instant cutoff, boolean dryRun, String origin) {
            this.now = now;
            this.cutoff = cutoff;
            this.dryRun = dryRun;
            this.origin = origin;
        }

        void judge(List<Ownership> batch) {
            Set<String> ids = new LinkedHashSet<>();
            batch.forEach(ownership -> ids.add(ownership.customerId()));
            Map<String, Instant> newestActivity = new HashMap<>();
            List<Hold> activityUnknown = askClocks(ids, newestActivity);

            List<Candidate> idle = new ArrayList<>();
            for (Ownership ownership : batch) {
                Instant activity = newestActivity.get(ownership.customerId());
                Instant idleSince = activity != null && activity.isAfter(ownership.ownerSince()) ? activity
                        : ownership.ownerSince();
                if (idleSince.isBefore(cutoff)) {
                    idle.add(new Candidate(ownership, Duration.between(idleSince, now).toDays()));
                } else {
                    recentlyActive++;
                }
            }
            if (idle.isEmpty()) {
                return;
            }
            Set<String> idleIds = new LinkedHashSet<>();
            idle.forEach(candidate -> idleIds.add(candidate.ownership().customerId()));
            Map<String, List<Hold>> holds;
            if (activityUnknown.isEmpty()) {
                holds = askVetoes(idleIds);
            } else {
                // the failed clock keeps them all; no veto needs asking
                holds = new HashMap<>();
                idleIds.forEach(id -> holds.put(id, activityUnknown));
            }
            for (Candidate candidate : idle) {
                List<Hold> keptBy = holds.getOrDefault(candidate.ownership().customerId(), List.of());
                if (!keptBy.isEmpty()) {
                    decisions.add(candidate.decision(Outcome.KEPT, keptBy, null));
                } else if (dryRun) {
                    decisions.add(candidate.decision(Outcome.WOULD_RECLAIM, List.of(), null));
                } else {
                    decisions.add(reclaim(candidate));
                }
            }
        }

        /** @return what keeps the whole batch when a clock failed: its activity is unknown */
        private List<Hold> askClocks(Set<String> ids, Map<String, Instant> newestActivity) {
            List<Hold> failures = new ArrayList<>();
            for (Hook<CustomerActivityClock> hook : clocks) {
                try {
                    Map<String, Instant> reported = hook.service().lastActivity(List.copyOf(ids));
                    if (reported != null) {
                        reported.forEach((id, at) -> {
                            if (at != null && ids.contains(id)) {
                                newestActivity.merge(id, at, (one, other) -> one.isAfter(other) ? one : other);
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Activity clock {} failed; the {} customers it was asked about stay with their owners"
                            + " this run", hook.name(), ids.size(), e);
                    failures.add(new Hold(hook.name(), "activity unknown: the clock failed (" + message(e) + ")"));
                }
            }
            return failures;
        }

        private Map<String, List<Hold>> askVetoes(Set<String> idleIds) {
            Map<String, List<Hold>> holds = new HashMap<>();
            for (Hook<PoolReclaimVeto> hook : vetoes) {
                try {
                    Map<String, String> kept = hook.service().keep(List.copyOf(idleIds));
                    if (kept != null) {
                        kept.forEach((id, reason) -> {
                            if (idleIds.contains(id)) {
                                holds.computeIfAbsent(id, key -> new ArrayList<>()).add(new Hold(hook.name(),
                                        reason == null || reason.isBlank() ? "kept by " + hook.name()
                                                : reason.strip()));
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Pool reclaim veto {} failed; the {} customers it was asked about stay with their"
                            + " owners this run", hook.name(), idleIds.size(), e);
                    Hold failed = new Hold(hook.name(), "the veto failed (" + message(e) + ")");
                    idleIds.forEach(id -> holds.computeIfAbsent(id, key -> new ArrayList<>()).add(failed));
                }
            }
            return holds;
        }

        private Decision reclaim(Candidate candidate) {
            long days = candidate.idleDays();
            String reason = "no activity for " + days + (days == 1 ? " day" : " days") + " (" + origin + ")";
            try {
                return candidate.decision(customers.reclaim(candidate.ownership(), reason) ? Outcome.RECLAIMED
                        : Outcome.CHANGED_MEANWHILE, List.of(), null);
            } catch (RuntimeException e) {
                LOG.warn("Could not return customer {} ({}) to the pool; the next run tries again",
                        candidate.ownership().name(), candidate.ownership().customerId(), e);
                return candidate.decision(Outcome.FAILED, List.of(), message(e));
            }
        }
    }

    /** An owned customer idle for longer than the setting. */
    private record Candidate(Ownership ownership, long idleDays) {

        Decision decision(Outcome outcome, List<Hold> keptBy, String failure) {
            return new Decision(ownership.customerId(), ownership.name(), ownership.ownerId(), idleDays, outcome,
                    keptBy, failure);
        }
    }

    private static String nameOf(Object hook, Map<String, Object> properties) {
        return properties.get(COMPONENT_NAME) instanceof String name && !name.isBlank() ? name
                : hook.getClass().getName();
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
