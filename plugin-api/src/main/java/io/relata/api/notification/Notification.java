package io.relata.api.notification;

import java.time.Instant;
import java.util.Map;

/**
 * A notification as its recipient sees it.
 *
 * @param id         the notification's id
 * @param userId     the recipient
 * @param kind       what it is, e.g. {@code activity.reminder}
 * @param title      the untranslated text
 * @param body       more text, or {@code null}
 * @param recordType the record it is about, or {@code null}
 * @param recordId   that record's id, or {@code null}
 * @param params     values for the translated text
 * @param createdAt  when it was raised
 * @param readAt     when the recipient marked it read, or {@code null}
 */
public record Notification(String id, String userId, String kind, String title, String body, String recordType,
                           String recordId, Map<String, String> params, Instant createdAt, Instant readAt) {

    public Notification {
        params = Map.copyOf(params == null ? Map.of() : params);
    }
}
