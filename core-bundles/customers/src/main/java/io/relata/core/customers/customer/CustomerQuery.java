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
     * {@code contact_name_keys}), and the phone digits. The bound: at a million customers, collecting cost 4-7 µs
     * per customer found (three index arms, then the rows where they lie) and walking about 1 µs per customer passed
     * while the matches lay evenly in the list's order; the two met between 3,000 and 7,500 matches. But a walk
     * also passes, first, every customer written lately that does not match (after a few thousand creates, {@code
     * Zent} walked in 108 ms against 11-19 ms before them and 21 ms collected), while collecting costs what the
     * matches cost, wherever they lie; so the bound leans to collecting: 12 (12,000 at a million). A bound of 5 was
     * measured again and lost: where the list's order is not the table's (customers imported in any order), a walk
     * reads a page for each customer it passes, from the operating system's cache at about 12 µs ({@code Zent}: 40,400
     * passed in 155 ms, against 28 ms collected).
     */
    static final ListSearch.Target SEARCHED = new ListSearch.Target("core_customer",
            List.of(new ListSearch.Column("name_key", "nameKey"), new ListSearch.Column("email_key", "emailKey"),
                    new ListSearch.Column("contact_name_keys", null)),
            new ListSearch.Column("phone_key", "phoneKey"), 12);

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
        String whole = search == null ? null : search.whole(em, conditions);
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
