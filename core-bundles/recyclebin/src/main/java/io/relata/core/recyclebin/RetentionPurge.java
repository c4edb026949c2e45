package io.relata.core.recyclebin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.security.CurrentUser;
import io.relata.core.recyclebin.RecycleBinActions.PurgeOutcome;

/**
 * Purges entries once they are older than the retention period. A Karaf scheduler job, hourly; every node of a
 * cluster runs it, which is safe because each entry is purged in its own transaction that first deletes the
 * entry: a node that comes second deletes nothing and leaves the record alone.
 */
@Component(service = {Runnable.class, RetentionPurge.class}, configurationPid = RecycleBinSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"scheduler.name=relata-recyclebin-purge", "scheduler.period:Long=3600",
                "scheduler.concurrent:Boolean=false"})
@Designate(ocd = RecycleBinSettings.class)
public class RetentionPurge implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    /** Entries read per query, so a bin that grew large is never loaded at once. */
    static final int BATCH = 200;

    /**
     * What one run did.
     *
     * @param purged  entries purged with their records
     * @param skipped entries left because the owning module is not running
     * @param failed  entries whose module failed to purge the record; they are tried again next run
     * @param taken   entries another node or request restored or purged meanwhile
     */
    record Summary(int purged, int skipped, int failed, int taken) {
    }

    private final JdbcRecycleBin bin;
    private final RecycleBinActions actions;
    private final Clock clock;
    private volatile Duration retention;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CurrentUser currentUser;

    @Activate
    public RetentionPurge(RecycleBinSettings settings, @Reference JdbcRecycleBin bin,
                          @Reference RecycleBinActions actions) {
        this(bin, actions, Clock.systemUTC(), retentionOf(settings));
    }

    RetentionPurge(JdbcRecycleBin bin, RecycleBinActions actions, Clock clock, Duration retention) {
        this.bin = bin;
        this.actions = actions;
        this.clock = clock;
        this.retention = retention;
    }

    @Modified
    void modified(RecycleBinSettings settings) {
        retention = retentionOf(settings);
    }

    /** The scheduled run: as the platform itself, since modules may check who purges their records. */
    @Override
    public void run() {
        try {
            CurrentUser users = currentUser;
            if (users == null) {
                purgeExpired();
            } else {
                users.runAsSystem(this::purgeExpired);
            }
        } catch (Exception e) {
            // the scheduler would swallow it; the next run tries again
            LOG.error("Recycle-bin retention purge failed", e);
        }
    }

    /** Purges every expired entry whose module runs; one entry failing does not stop the others. */
    Summary purgeExpired() {
        Map<PurgeOutcome, Integer> outcomes = new EnumMap<>(PurgeOutcome.class);
        forEachExpired(entry -> outcomes.merge(actions.purgeExpired(entry), 1, Integer::sum));
        Summary summary = new Summary(outcomes.getOrDefault(PurgeOutcome.PURGED, 0),
                outcomes.getOrDefault(PurgeOutcome.NO_HANDLER, 0), outcomes.getOrDefault(PurgeOutcome.FAILED, 0),
                outcomes.getOrDefault(PurgeOutcome.ALREADY_GONE, 0));
        if (summary.purged() > 0 || summary.failed() > 0) {
            LOG.info("Recycle-bin retention purge ({} days): {} purged, {} skipped because their module is not"
                    + " running, {} failed", retention.toDays(), summary.purged(), summary.skipped(), summary.failed());
        }
        return summary;
    }

    /** Every entry past the retention period, oldest first, whether its module runs or not; reads only. */
    void forEachExpired(Consumer<RecycleBinEntry> action) {
        Instant cutoff = cutoff();
        List<RecycleBinEntry> batch;
        RecycleBinEntry last = null;
        do {
            batch = bin.deletedBefore(cutoff, last, BATCH);
            batch.forEach(action);
            last = batch.isEmpty() ? last : batch.get(batch.size() - 1);
        } while (batch.size() == BATCH);
    }

    boolean hasHandler(RecycleBinEntry entry) {
        return actions.handlerFor(entry.recordType()).isPresent();
    }

    Duration retention() {
        return retention;
    }

    private Instant cutoff() {
        return clock.instant().minus(retention);
    }

    private static Duration retentionOf(RecycleBinSettings settings) {
        int days = settings.retention_days();
        if (days < 1) {
            LOG.warn("{} retention.days={} would purge records the moment they are deleted; keeping them 1 day",
                    RecycleBinSettings.PID, days);
            days = 1;
        }
        return Duration.ofDays(days);
    }
}
