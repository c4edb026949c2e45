/**
 * Audit trail: who did what to which record, with field-level old and new values.
 */
@Version("1.1.0")
package io.relata.api.audit;

import org.osgi.annotation.versioning.Version;
