/**
 * Licensing: which modules the installed license enables, until when, and for how many users.
 *
 * <p>A licensed module gates its components on the license with a DS satisfying condition, so they start
 * when a license that includes the module is installed and stop when it goes:
 * <pre>{@code
 * @Component
 * @SatisfyingConditionTarget("(osgi.condition.id=relata.license.acme-loyalty)")
 * public class PointsResource { ... }
 * }</pre>
 */
@Version("1.0.0")
package io.relata.api.license;

import org.osgi.annotation.versioning.Version;
