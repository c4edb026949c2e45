package io.relata.core.notifications;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** The notifications' table, {@code core_notification}. */
@Component
@RelataSchema(NotificationsSchema.NAME)
public class NotificationsSchema implements SchemaMigration {

    static final String NAME = "core_notifications";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-notifications-changelog.xml";
    }
}
