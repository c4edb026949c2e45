package io.relata.core.customers.transfer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers already looked up, for the names an import file repeats (owners, customers): at most a few thousand
 * kept, least recently used out first, so a file of a million different names does not fill the memory.
 */
final class Lookups<V> {

    private static final int MAX_KEPT = 2000;
    private final Function<String, V> lookup;
    private final Map<String, V> kept = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > MAX_KEPT;
        }
    };

    Lookups(Function<String, V> lookup) {
        this.lookup = lookup;
    }

    V get(String key) {
        V known = kept.get(key);
        if (known == null) {
            known = lookup.apply(key);
            kept.put(key, known);
        }
        return known;
    }
}
