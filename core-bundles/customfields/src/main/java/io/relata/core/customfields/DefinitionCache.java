package io.relata.core.customfields;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.relata.api.customfield.CustomFieldDefinition;

/**
 * A record type's custom field definitions, remembered for a few seconds. Every read of a record with custom fields
 * needs them (which values to show, how to validate), and before this a customer's GET spent more time reading the
 * four definition tables than reading the customer.
 *
 * <p>The same rules as authentication's cache: every write of the definitions forgets everything at once and again
 * when the writing transaction commits, so nothing read between the write and the commit outlives it; a value whose
 * loading began before a forgetting is not kept (the generation); entries expire after {@code ttlNanos}, which is
 * how long a change made behind the service's back, or on another node, can go unseen. Readers inside a
 * transaction bypass it (see {@link JdbcCustomFields}), so a transaction always sees its own writes.
 */
final class DefinitionCache {

    private record Entry(List<CustomFieldDefinition> definitions, long loadedAt) {
    }

    private final long ttlNanos;
    private final LongSupplier nanos;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Entry> byRecordType = new ConcurrentHashMap<>();

    DefinitionCache(long ttlNanos, LongSupplier nanos) {
        this.ttlNanos = ttlNanos;
        this.nanos = nanos;
    }

    /** @return the record type's definitions (active and inactive), loaded when not remembered or too old */
    List<CustomFieldDefinition> get(String recordType, Supplier<List<CustomFieldDefinition>> loader) {
        Entry entry = byRecordType.get(recordType);
        if (entry != null && nanos.getAsLong() - entry.loadedAt() < ttlNanos) {
            return entry.definitions();
        }
        long loadedIn = generation.get();
        List<CustomFieldDefinition> loaded = loader.get();
        if (generation.get() == loadedIn) {
            Entry fresh = new Entry(loaded, nanos.getAsLong());
            byRecordType.put(recordType, fresh);
            // forgotten between the check and the put: the put may have come after the clearing
            if (generation.get() != loadedIn) {
                byRecordType.remove(recordType, fresh);
            }
        }
        return loaded;
    }

    void forget() {
        generation.incrementAndGet();
        byRecordType.clear();
    }
}
