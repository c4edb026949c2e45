package io.relata.core.customers.contact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import io.relata.core.customers.customer.Writes;

/**
 * Keeps {@code core_customer.contact_name_keys} (change set 17): a customer's live contacts' name keys, one per line,
 * which the customer list searches instead of the contacts' table. Every write that adds, renames, moves, deletes or
 * restores a contact refreshes the customers it touched, in its own transaction, from the contacts as they are then.
 */
final class ContactNames {

    /** Ids per statement: well below what either database takes as parameters. */
    private static final int CHUNK = 500;

    private ContactNames() {
    }

    /**
     * Writes the customers' keys anew from their live contacts. The customers' rows are locked first, in the order
     * of their ids, and the contacts read after that: a transaction that added a contact to the same customer and
     * committed while this one waited for the lock has its contact read too (each statement sees what was committed
     * when it began), so two concurrent writes cannot each leave the other's contact out.
     */
    static void refresh(EntityManager em, Collection<String> customerIds) {
        List<String> ids = new ArrayList<>(new TreeSet<>(customerIds));
        if (ids.isEmpty()) {
            return;
        }
        Writes.flush(em, "contact");
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Query lock = em.createNativeQuery("SELECT id FROM core_customer WHERE id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY id FOR UPDATE");
            for (int i = 0; i < chunk.size(); i++) {
                lock.setParameter(i + 1, chunk.get(i));
            }
            lock.getResultList();
            Map<String, StringBuilder> keys = new LinkedHashMap<>();
            chunk.forEach(id -> keys.put(id, null));
            List<Object[]> rows = em.createQuery("SELECT k.customerId, k.nameKey FROM ContactEntity k"
                    + " WHERE k.customerId IN :ids AND k.deletedAt IS NULL ORDER BY k.customerId, k.nameKey, k.id",
                    Object[].class).setParameter("ids", chunk).getResultList();
            for (Object[] row : rows) {
                StringBuilder joined = keys.get((String) row[0]);
                keys.put((String) row[0], joined == null ? new StringBuilder((String) row[1])
                        : joined.append('\n').append((String) row[1]));
            }
            keys.forEach((id, joined) -> em.createNativeQuery(
                            "UPDATE core_customer SET contact_name_keys = ? WHERE id = ?")
                    .setParameter(1, Objects.toString(joined, null)).setParameter(2, id).executeUpdate());
        }
    }
}
