/**
 * Persistence: per-module schema migrations that core applies before the module's data access starts, and transactions that span modules.
 */
@Version("1.0.0")
package io.relata.api.persistence;

import org.osgi.annotation.versioning.Version;
