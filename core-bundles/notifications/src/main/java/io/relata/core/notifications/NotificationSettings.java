package io.relata.core.notifications;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.relata.notifications.cfg}. */
@ObjectClassDefinition(name = "Relata notifications")
public @interface NotificationSettings {

    String PID = "io.relata.notifications";

    @AttributeDefinition(name = "Retention of read notifications", min = "1",
            description = "Days a notification the user has read is kept, counted from when it was raised;"
                    + " unread ones are kept " + NotificationRetentionPurge.MAX_AGE_DAYS + " days")
    int retention_days() default 90;
}
