/**
 * Money: an amount with its currency, never a bare number.
 */
@Version("1.0.0")
package io.relata.api.money;

import org.osgi.annotation.versioning.Version;
