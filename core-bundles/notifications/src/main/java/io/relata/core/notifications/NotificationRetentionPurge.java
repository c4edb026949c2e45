package io.relata.core.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes notifications the user has read once they were raised more than {@code retention.days} ago, and every
 * notification raised more than {@value #MAX_AGE_DAYS} days ago, read or not: a Karaf scheduler job, daily at
 * 03:50 server time. Every node of a cluster runs it, which is harmless: the second finds nothing left to delete.
 */
@Component(service = Runnable.class, configurationPid = NotificationSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"scheduler.name=relata-notifications-purge", "scheduler.expression=0 50 3 * * ?",
                "scheduler.concurrent:Boolean=false"})
public class NotificationRetentionPurge implements Runnable {

    /** Unread notifications are kept this long at most. */
    static final int MAX_AGE_DAYS = 365;

    private static final Logger LOG = LoggerFactory.getLogger(NotificationRetentionPurge.class);

    private final JdbcNotifications notifications;
    private final Clock clock;
    private volatile Duration retention;

    @Activate
    public NotificationRetentionPurge(NotificationSettings settings, @Reference JdbcNotifications notifications) {
        this(notifications, Clock.systemUTC(), retentionOf(settings));
    }

    NotificationRetentionPurge(JdbcNotifications notifications, Clock clock, Duration retention) {
        this.notifications = notifications;
        this.clock = clock;
        this.retention = retention;
    }

    @Modified
    void modified(NotificationSettings settings) {
        retention = retentionOf(settings);
    }

    @Override
    public void run() {
        try {
            purge();
        } catch (RuntimeException e) {
            // the scheduler would swallow it; the next run tries again
            LOG.error("Purging old notifications failed", e);
        }
    }

    /** @return how many notifications were deleted */
    int purge() {
        // created_at keeps microseconds: a cut-off finer than that would delete a notification a moment early
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int deleted = notifications.purge(now.minus(retention), now.minus(Duration.ofDays(MAX_AGE_DAYS)));
        if (deleted > 0) {
            LOG.info("Deleted {} notification(s): read and raised more than {} days ago, or raised more than {} days"
                    + " ago", deleted, retention.toDays(), MAX_AGE_DAYS);
        }
        return deleted;
    }

    private static Duration retentionOf(NotificationSettings settings) {
        int days = settings.retention_days();
        if (days < 1) {
            LOG.warn("{} retention.days={} is not a number of days; keeping read notifications 1 day",
                    NotificationSettings.PID, days);
            days = 1;
        }
        return Duration.ofDays(days);
    }
}
