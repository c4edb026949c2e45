package io.relata.core.customers.customer;

import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import io.relata.api.rest.Cursor;

/**
 * The query of one page of a list in keyset order, which the customer and the lead list share: the live rows that
 * meet the list's conditions, after the cursor's row, in the list's order with the id as the tie-break. The rows'
 * position is the cursor's key and id, never an offset, so a page costs the same however deep it is.
 */
public final class KeysetPage {

    private KeysetPage() {
    }

    /**
     * @param conditions JPQL conditions on {@code alias}, all of which a row meets; the caller binds their parameters
     * @param sortAttribute the entity's attribute the list is ordered by
     * @param cursor where the previous page ended, or {@code null} for the first page
     * @param afterKey the cursor's sort key, converted to the attribute's type
     */
    public static <T> TypedQuery<T> query(EntityManager em, Class<T> entity, String alias, List<String> conditions,
                                          String sortAttribute, boolean descending, Cursor cursor, Object afterKey) {
        String attribute = alias + "." + sortAttribute;
        String after = descending ? "<" : ">";
        StringBuilder jpql = new StringBuilder("SELECT ").append(alias).append(" FROM ").append(entity.getSimpleName())
                .append(' ').append(alias).append(" WHERE ").append(alias).append(".deletedAt IS NULL");
        conditions.forEach(condition -> jpql.append(" AND ").append(condition));
        if (cursor != null) {
            jpql.append(" AND (").append(attribute).append(' ').append(after).append(" :afterKey OR (")
                    .append(attribute).append(" = :afterKey AND ").append(alias).append(".id ").append(after)
                    .append(" :afterId))");
        }
        String direction = descending ? " DESC" : " ASC";
        jpql.append(" ORDER BY ").append(attribute).append(direction).append(", ").append(alias).append(".id")
                .append(direction);
        TypedQuery<T> select = em.createQuery(jpql.toString(), entity);
        if (cursor != null) {
            select.setParameter("afterKey", afterKey);
            select.setParameter("afterId", cursor.key(2));
        }
        return select;
    }
}
