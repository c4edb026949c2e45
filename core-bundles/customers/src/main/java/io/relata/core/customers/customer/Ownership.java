package io.relata.core.customers.customer;

import java.time.Instant;

/**
 * Who owns a customer since when, as the pool's reclaim rule judged it. The version pins the judgement: the
 * customer is reclaimed only if it is still exactly as judged.
 */
public record Ownership(String customerId, String name, String ownerId, Instant ownerSince, long version) {
}
