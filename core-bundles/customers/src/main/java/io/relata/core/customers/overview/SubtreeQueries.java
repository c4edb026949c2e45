package io.relata.core.customers.overview;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import io.relata.api.customer.LifecycleStage;
import io.relata.api.security.ScopeClause;
import io.relata.core.customers.customer.CustomerScope;

/** The queries the 360 view runs over a customer's subtree, which may be far larger than one SQL {@code IN} list. */
final class SubtreeQueries {

    /** Ids per {@code IN} list; PostgreSQL and H2 take far more, but plans and logs stay readable. */
    static final int BATCH = 1000;

    private SubtreeQueries() {
    }

    /**
     * @param ids customer ids, in the order the answer keeps
     * @return those of them that are live and inside the scope, with their stage, in the given order
     */
    static Map<String, LifecycleStage> visible(EntityManager em, Collection<String> ids, CustomerScope scope) {
        ScopeClause visible = scope.jpql("c");
        Map<String, LifecycleStage> found = new HashMap<>();
        for (List<String> batch : batches(ids)) {
            TypedQuery<Object[]> select = em.createQuery("SELECT c.id, c.stage FROM CustomerEntity c"
                    + " WHERE c.id IN :ids AND c.deletedAt IS NULL AND " + visible.condition(), Object[].class);
            select.setParameter("ids", batch);
            visible.named().forEach(select::setParameter);
            for (Object[] row : select.getResultList()) {
                found.put((String) row[0], (LifecycleStage) row[1]);
            }
        }
        Map<String, LifecycleStage> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            if (found.containsKey(id)) {
                ordered.put(id, found.get(id));
            }
        }
        return ordered;
    }

    /** @return how many live contacts these customers have; the caller has already checked it may see them */
    static long contacts(EntityManager em, Collection<String> customerIds) {
        long count = 0;
        for (List<String> batch : batches(customerIds)) {
            count += em.createQuery("SELECT COUNT(k) FROM ContactEntity k WHERE k.customerId IN :ids"
                    + " AND k.deletedAt IS NULL", Long.class).setParameter("ids", batch).getSingleResult();
        }
        return count;
    }

    static List<List<String>> batches(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            batches.add(all.subList(from, Math.min(all.size(), from + BATCH)));
        }
        return batches;
    }
}
