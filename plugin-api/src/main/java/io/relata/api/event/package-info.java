/**
 * Domain events: typed, topic-addressed facts that modules publish after their transaction commits and that any module can listen to.
 */
@Version("1.0.0")
package io.relata.api.event;

import org.osgi.annotation.versioning.Version;
