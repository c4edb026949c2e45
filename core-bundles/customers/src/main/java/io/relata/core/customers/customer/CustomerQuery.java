package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.QueryParameters.constant;
import static io.relata.core.customers.customer.QueryParameters.instant;
import static io.relata.core.customers.customer.QueryParameters.range;
import static io.relata.core.customers.customer.QueryParameters.trimmed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.core.customers.field.CustomValues;

/**
 * The filters and the order of a customer list, as the REST query parameters give them, turned into JPQL with
 * parameters — never with the values pasted into the text.
 *
 * @param q           search text: name, e-mail or phone, substring, case-insensitive
 * @param owner       a user id, {@code me}, or {@code none} for the public pool
 * @param stage       lifecycle stage
 * @param kind        company or person
 * @param tag         one tag
 * @param parentId    direct children of this customer
 * @param industry    an industry key
 * @param subsidiaryId the serving subsidiary
 * @param createdFrom created at or after
 * @param createdTo   created before
 * @param updatedFrom updated at or after
 * @param updatedTo   updated before
 * @param sort        the order
 * @param descending  whether the order is descending
 * @param customFields custom-field filters ({@code cf.<key>=<value>}), by field key
 */
public record CustomerQuery(String q, String owner, LifecycleStage stage, CustomerKind kind, String tag, String parentId,
                     String industry, String subsidiaryId, Instant createdFrom, Instant createdTo,
                     Instant updatedFrom, Instant updatedTo, Sort sort, boolean descending,
                     Map<String, String> customFields) {

    /** The orders a list can have; the id breaks ties so cursors are exact. */
    enum Sort {
        NAME("name", "nameKey", "name_key"), CREATED_AT("createdAt", "createdAt", "created_at"),
        UPDATED_AT("updatedAt", "updatedAt", "updated_at");

        final String parameter;
        final String attribute;
        /** Its SQL column. */
        final String column;

        Sort(String parameter, String attribute, String column) {
            this.parameter = parameter;
            this.attribute = attribute;
            this.column = column;
        }
    }

    /** Query parameters by name, as the resource received them (absent ones {@code null}). */
    public static CustomerQuery parse(Map<String, String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        String q = trimmed(parameters.get("q"));
        if (q != null && q.length() > 100) {
            errors.add(new FieldError("q", "must be at most 100 characters"));
        }
        CustomerQuery query = new CustomerQuery(q, trimmed(parameters.get("owner")),
                constant(LifecycleStage.class, "stage", parameters.get("stage"), errors),
                constant(CustomerKind.class, "kind", parameters.get("kind"), errors),
                trimmed(parameters.get("tag")) == null ? null : Normalise.name(parameters.get("tag")),
                trimmed(parameters.get("parent")), trimmed(parameters.get("industry")),
                trimmed(parameters.get("subsidiary")),
                instant("createdFrom", parameters.get("createdFrom"), errors),
                instant("createdTo", parameters.get("createdTo"), errors),
                instant("updatedFrom", parameters.get("updatedFrom"), errors),
                instant("updatedTo", parameters.get("updatedTo"), errors),
                Sort.UPDATED_AT, true, CustomValues.filters(parameters));
        String sort = trimmed(parameters.get("sort"));
        Sort order = Sort.UPDATED_AT;
        boolean descending = true;
        if (sort != null) {
            descending = sort.startsWith("-");
            String name = descending ? sort.substring(1) : sort;
            order = null;
            for (Sort candidate : Sort.values()) {
                if (candidate.parameter.equals(name)) {
                    order = candidate;
                }
            }
            if (order == null) {
                errors.add(new FieldError("sort", "must be one of name, createdAt, updatedAt, optionally with '-' for"
                        + " descending"));
                order = Sort.UPDATED_AT;
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return query.sorted(order, descending);
    }

    private CustomerQuery sorted(Sort order, boolean descending) {
        return new CustomerQuery(q, owner, stage, kind, tag, parentId, industry, subsidiaryId, createdFrom, createdTo,
                updatedFrom, updatedTo, order, descending, customFields);
    }

    /**
     * Where {@code q} is looked for: the name, the e-mail, the live contacts' names (kept on the customer's row,
     * {@code contact_name_keys}), and the phone digits. The bound, measured at a million customers in one database
     * session (each statement after the others of the bench's mix, so partly from the operating system's cache),
     * with 56,000 customers written lately at the head of the list's order: collecting cost 2-4 µs per customer found
     * ({@code ine}, 12,800 found: 56 ms; {@code Zent}, 5,100: 28 ms), walking 0.2-0.5 µs per customer passed for
     * Latin text ({@code ine} 15 ms, {@code Zent} 8 ms, the recent customers included) and about 1 µs for Chinese
     * ({@code 吴杰}: 68 ms walked, 27 ms collected). The two meet at {@code sqrt(50 * w / c)} times the square root
     * of the rows: 2-4 for Latin text, about 5 for Chinese; 5 (5,000 at a million). Writing 20,000 customers
     * slowed the next walk once (20 ms against 10), while PostgreSQL set their rows' hint bits.
     */
    static final ListSearch.Target SEARCHED = new ListSearch.Target("core_customer",
            List.of(new ListSearch.Column("name_key", "nameKey"), new ListSearch.Column("email_key", "emailKey"),
                    new ListSearch.Column("contact_name_keys", null)),
            new ListSearch.Column("phone_key", "phoneKey"), 5);

    /**
     * A JPQL condition and its named parameters.
     *
     * @param whole where the search kept only the first customers found ({@link ListSearch#firstOnly}), the
     *              condition that keeps them all, with the same parameters; else {@code null}
     */
    record Where(String condition, Map<String, Object> parameters, String whole) {
    }

    /**
     * @param alias       the customer's JPQL alias
     * @param currentUser the caller's id, for {@code owner=me}
     * @param em          where a search looks up how to read the tables ({@link ListSearch})
     * @param firstPage   whether the list reads its first page
     * @param wanted      the rows the page reads
     */
    Where where(String alias, String currentUser, EntityManager em, boolean firstPage, int wanted) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        ListSearch search = q == null ? null : new ListSearch(SEARCHED, alias, q, parameters, em);
        if (search != null) {
            conditions.add(search.condition(em, firstPage ? new ListSearch.Order(sort.column, descending, wanted)
                    : null));
        }
        if (owner != null) {
            if (owner.equals("none")) {
                conditions.add(alias + ".ownerId IS NULL");
            } else {
                conditions.add(alias + ".ownerId = :owner");
                parameters.put("owner", owner.equals("me") ? currentUser : owner);
            }
        }
        equal(alias + ".stage", "stage", stage, conditions, parameters);
        equal(alias + ".kind", "kind", kind, conditions, parameters);
        equal(alias + ".parentId", "parentId", parentId, conditions, parameters);
        equal(alias + ".industry", "industry", industry, conditions, parameters);
        equal(alias + ".subsidiaryId", "subsidiaryId", subsidiaryId, conditions, parameters);
        if (tag != null) {
            conditions.add(":tag MEMBER OF " + alias + ".tags");
            parameters.put("tag", tag);
        }
        range(alias + ".createdAt", "created", createdFrom, createdTo, conditions, parameters);
        range(alias + ".updatedAt", "updated", updatedFrom, updatedTo, conditions, parameters);
        String whole = null;
        if (search != null && search.firstOnly()) {
            List<String> all = new ArrayList<>(conditions);
            all.set(0, search.condition(em, null));
            whole = String.join(" AND ", all);
        }
        return new Where(conditions.isEmpty() ? "(1 = 1)" : String.join(" AND ", conditions), parameters, whole);
    }

    private static void equal(String path, String name, Object value, List<String> conditions,
                              Map<String, Object> parameters) {
        if (value != null) {
            conditions.add(path + " = :" + name);
            parameters.put(name, value);
        }
    }
}
