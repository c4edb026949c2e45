/**
 * Reference data the whole organisation shares: subsidiaries, currencies, dated exchange rates and picklists.
 * Modules read it through these services to validate and present their records' fields; administrators maintain
 * it over REST ({@code /api/v1/subsidiaries}, {@code /currencies}, {@code /exchange-rates}, {@code /picklists})
 * and the console.
 */
@Version("1.0.0")
package io.relata.api.reference;

import org.osgi.annotation.versioning.Version;
