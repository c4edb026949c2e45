package io.relata.api.notification;

import java.time.Instant;

import io.relata.api.event.DomainEvent;

/**
 * A notification was raised (topic {@code notification.raised}), published after it committed: how e-mail or a
 * mobile push module can deliver it elsewhere too.
 */
public record NotificationRaised(String notificationId, String userId, String kind, String recordType,
                                 String recordId, Instant occurredAt) implements DomainEvent {

    public static final String TOPIC = "notification.raised";

    @Override
    public String topic() {
        return TOPIC;
    }
}
