/**
 * In-app notifications: what a user should look at (a task reminder, a birthday, later a case assigned to them).
 * Modules raise them through {@link io.relata.api.notification.Notifications}; users read theirs at
 * {@code GET /api/v1/me/notifications}.
 */
@Version("1.0.0")
package io.relata.api.notification;

import org.osgi.annotation.versioning.Version;
