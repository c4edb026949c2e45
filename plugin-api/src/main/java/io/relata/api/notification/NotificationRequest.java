package io.relata.api.notification;

import java.util.Map;
import java.util.Objects;

/**
 * A notification to raise.
 *
 * @param userId     who is told: the id of a user the security module knows (active or not)
 * @param kind       what it is, lower case and dotted, e.g. {@code activity.reminder}; at most 100 characters.
 *                   The UI picks the icon and the translated text by kind
 * @param key        what makes it unique for this user, e.g. {@code reminder:<activity id>:<reminder time>}; at
 *                   most 200 characters
 * @param title      the text to show when the UI has no translation for the kind, at most 200 characters
 * @param body       more text, or {@code null}; at most 2,000 characters
 * @param recordType the record it is about, e.g. {@code activity}, or {@code null}; at most 100 characters
 * @param recordId   that record's id, or {@code null}; at most 64 characters, and given exactly when
 *                   {@code recordType} is
 * @param params     values the translated text fills in (subject, due time, contact name ...), by name; no
 *                   {@code null} values, at most 4,000 characters as a JSON object
 */
public record NotificationRequest(String userId, String kind, String key, String title, String body,
                                  String recordType, String recordId, Map<String, String> params) {

    public NotificationRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        params = Map.copyOf(params == null ? Map.of() : params);
    }
}
