package io.relata.api.license;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The license in force. For every module key the license includes, core registers an
 * {@code org.osgi.service.condition.Condition} service with {@code osgi.condition.id=relata.license.<key>}
 * (see {@link #CONDITION_PREFIX}); licensed modules' components wait for it.
 */
@ProviderType
public interface Licensing {

    /** Prefix of the condition ids registered per licensed module key. */
    String CONDITION_PREFIX = "relata.license.";

    LicenseStatus status();

    /** @return whether a module needing this key may run now (the license includes it, even if expired). */
    boolean permits(String moduleKey);

    /** @return whether a module needing this key may change data now (not past the grace period). */
    boolean permitsWrites(String moduleKey);

    /** @return the most users that may be active at once; 0 means no limit (also when no license is installed). */
    int maxActiveUsers();
}
