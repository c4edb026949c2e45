/**
 * Customers (accounts), their contacts, and leads: the records every module hangs off. Other modules refer to
 * them by id and read them through {@link io.relata.api.customer.Customers}, which applies the caller's data
 * scope, and follow them through the events of this package. They take part in the public pool's reclaim rule
 * through {@link io.relata.api.customer.CustomerActivityClock} and {@link io.relata.api.customer.PoolReclaimVeto}.
 * They add panels to a customer's 360 view with {@link io.relata.api.customer.CustomerPanel}.
 */
@Version("1.0.0")
package io.relata.api.customer;

import org.osgi.annotation.versioning.Version;
