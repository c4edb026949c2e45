package io.relata.core.jobs;

import java.time.Clock;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes job statuses once they are older than the retention period: a Karaf scheduler job, daily at 03:40
 * server time. Every node of a cluster runs it, which is harmless: the second finds nothing left to delete.
 */
@Component(service = Runnable.class, configurationPid = JobSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"scheduler.name=relata-jobs-purge", "scheduler.expression=0 40 3 * * ?",
                "scheduler.concurrent:Boolean=false"})
public class JobRetentionPurge implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRetentionPurge.class);

    private final JobStore store;
    private final Clock clock;
    private volatile Duration retention;

    @Activate
    public JobRetentionPurge(JobSettings settings, @Reference JobStore store) {
        this(store, Clock.systemUTC(), retentionOf(settings));
    }

    JobRetentionPurge(JobStore store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    @Modified
    void modified(JobSettings settings) {
        retention = retentionOf(settings);
    }

    @Override
    public void run() {
        try {
            purge();
        } catch (RuntimeException e) {
            // the scheduler would swallow it; the next run tries again
            LOG.error("Purging old background jobs failed", e);
        }
    }

    /** @return how many jobs were deleted */
    int purge() {
        int deleted = store.deleteCreatedBefore(clock.instant().minus(retention));
        if (deleted > 0) {
            LOG.info("Deleted {} background job(s) submitted more than {} days ago", deleted, retention.toDays());
        }
        return deleted;
    }

    private static Duration retentionOf(JobSettings settings) {
        int days = settings.retention_days();
        if (days < 1) {
            LOG.warn("{} retention.days={} would delete a job's status before anyone read it; keeping it 1 day",
                    JobSettings.PID, days);
            days = 1;
        }
        return Duration.ofDays(days);
    }
}
