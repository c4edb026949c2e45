package io.relata.core.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.relata.api.security.DataScope;
import io.relata.api.security.UserPrincipal;

/**
 * A short memory of what authenticating a request reads from the database: the API token behind a bearer
 * secret (by its hash) and the principal of a user with the data scopes worked out for them. Without it every
 * request ran a dozen queries (the token, the user, their roles, each role's permissions and scopes, twice).
 *
 * <p>Correctness first:
 * <ul>
 * <li>Entries live at most {@code ttlNanos} (a few seconds), so a change made behind Relata's back, or on
 *     another node, is seen after that long at the latest.</li>
 * <li>Every write of the security directory and every token revocation calls {@link #invalidate()}, which
 *     forgets everything at once; {@link SecurityService} calls it again when the writing transaction commits,
 *     so a request that read the old rows between the write and the commit cannot keep them.</li>
 * <li>A value is only kept if no invalidation happened since its loading began ({@link #generation()}).</li>
 * <li>Expiry of a token is still checked against the clock on every request; only unknown secrets are not
 *     remembered (they would let anyone fill the memory).</li>
 * <li>Bounded: past {@code maxEntries} a map is emptied, which costs a few queries, never a wrong answer.</li>
 * </ul>
 */
final class AuthCache {

    /** A user's principal (empty: no such user, or disabled) and the scopes worked out for it so far. */
    record CachedPrincipal(Optional<UserPrincipal> principal, Map<String, DataScope> scopes) {
    }

    private record Entry<T>(T value, long loadedAt) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanos;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Entry<Credentials.Token>> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry<CachedPrincipal>> principals = new ConcurrentHashMap<>();

    AuthCache(long ttlNanos, int maxEntries, LongSupplier nanos) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.nanos = nanos;
    }

    boolean enabled() {
        return ttlNanos > 0;
    }

    /** Read before loading a value, handed back to {@code put...}: the value is dropped if it may be stale. */
    long generation() {
        return generation.get();
    }

    /** Forgets everything remembered, and whatever is being loaded right now. */
    void invalidate() {
        generation.incrementAndGet();
        tokens.clear();
        principals.clear();
    }

    Credentials.Token token(String hash) {
        return fresh(tokens, hash);
    }

    void putToken(String hash, Credentials.Token token, long loadedIn) {
        put(tokens, hash, token, loadedIn);
    }

    /**
     * Replaces a remembered token by a newer copy of it (its last use), if it is still the one remembered.
     *
     * @return whether this caller made the replacement (and so is the one to write it)
     */
    boolean replaceToken(String hash, Credentials.Token seen, Credentials.Token newer) {
        Entry<Credentials.Token> current = tokens.get(hash);
        if (current == null || current.value() != seen) {
            return false;
        }
        boolean replaced = tokens.replace(hash, current, new Entry<>(newer, current.loadedAt()));
        return replaced;
    }

    CachedPrincipal principal(String userId) {
        return fresh(principals, userId);
    }

    void putPrincipal(String userId, CachedPrincipal principal, long loadedIn) {
        put(principals, userId, principal, loadedIn);
    }

    private <T> T fresh(ConcurrentHashMap<String, Entry<T>> map, String key) {
        if (!enabled() || key == null) {
            return null;
        }
        Entry<T> entry = map.get(key);
        if (entry == null) {
            return null;
        }
        if (nanos.getAsLong() - entry.loadedAt() >= ttlNanos) {
            map.remove(key, entry);
            return null;
        }
        return entry.value();
    }

    private <T> void put(ConcurrentHashMap<String, Entry<T>> map, String key, T value, long loadedIn) {
        if (!enabled() || key == null || generation.get() != loadedIn) {
            return;
        }
        if (map.size() >= maxEntries) {
            map.clear();
        }
        Entry<T> entry = new Entry<>(value, nanos.getAsLong());
        map.put(key, entry);
        // an invalidation between the check above and the put: it may have cleared the map before the put
        if (generation.get() != loadedIn) {
            map.remove(key, entry);
        }
    }
}
