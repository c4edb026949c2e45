/**
 * Activities: calls, e-mails, meetings, tasks, notes and visits, linked to records of any module, and a customer's
 * timeline. Modules read activities through their events ({@link io.relata.api.activity.ActivityEvent}) and add
 * entries of their own to customers' timelines with {@link io.relata.api.activity.TimelineContributor}.
 */
@Version("1.1.0")
package io.relata.api.activity;

import org.osgi.annotation.versioning.Version;
