package io.relata.core.customers.lead;

import static io.relata.core.customers.customer.QueryParameters.constant;
import static io.relata.core.customers.customer.QueryParameters.instant;
import static io.relata.core.customers.customer.QueryParameters.range;
import static io.relata.core.customers.customer.QueryParameters.trimmed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import io.relata.api.customer.LeadStatus;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.core.customers.customer.ListSearch;
import io.relata.core.customers.field.CustomValues;

/**
 * The filters and order of a lead list, from the REST query parameters, as JPQL with named parameters.
 *
 * @param q          search: a substring of the person's name (either order), company, e-mail or phone digits
 * @param owner      a user id, {@code me}, or {@code none} for the lead pool
 * @param status     a status
 * @param open       only open leads (NEW, WORKING, QUALIFIED)
 * @param source     a lead-source key
 * @param campaignId the campaign
 * @param createdFrom created at or after
 * @param createdTo   created before
 * @param updatedFrom updated at or after
 * @param updatedTo   updated before
 * @param sort       the order
 * @param descending whether descending
 * @param customFields custom-field filters ({@code cf.<key>=<value>}), by field key
 */
public record LeadQuery(String q, String owner, LeadStatus status, boolean open, String source, String campaignId,
                        Instant createdFrom, Instant createdTo, Instant updatedFrom, Instant updatedTo, Sort sort,
                        boolean descending, Map<String, String> customFields) {

    /**
     * Where {@code q} is looked for: the name (both orders), the company, the e-mail (stored lower-cased), and the
     * phone digits. Measured at a million leads, collecting costs about 5 page reads per id found and walking about
     * 1 per lead passed (a lead has no contacts to look up): the bound is {@code sqrt(50 * 1 / 5)}, about 3 (3,000
     * at a million leads).
     */
    static final ListSearch.Target SEARCHED = new ListSearch.Target("core_lead",
            List.of(new ListSearch.Column("name_key", "nameKey"), new ListSearch.Column("company_key", "companyKey"),
                    new ListSearch.Column("email", "email")),
            new ListSearch.Column("phone_key", "phoneKey"), 3);

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

    public static LeadQuery parse(Map<String, String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        String q = trimmed(parameters.get("q"));
        if (q != null && q.length() > 100) {
            errors.add(new FieldError("q", "must be at most 100 characters"));
        }
        LeadStatus status = constant(LeadStatus.class, "status", parameters.get("status"), errors);
        String openText = trimmed(parameters.get("open"));
        if (openText != null && !openText.equals("true") && !openText.equals("false")) {
            errors.add(new FieldError("open", "must be true or false"));
        }
        Sort order = Sort.UPDATED_AT;
        boolean descending = true;
        String sort = trimmed(parameters.get("sort"));
        if (sort != null) {
            descending = sort.startsWith("-");
            String name = descending ? sort.substring(1) : sort;
            order = Arrays.stream(Sort.values()).filter(s -> s.parameter.equals(name)).findFirst().orElse(null);
            if (order == null) {
                errors.add(new FieldError("sort", "must be one of name, createdAt, updatedAt, optionally with '-'"
                        + " for descending"));
            }
        }
        LeadQuery query = new LeadQuery(q, trimmed(parameters.get("owner")), status, "true".equals(openText),
                trimmed(parameters.get("source")), trimmed(parameters.get("campaign")),
                instant("createdFrom", parameters.get("createdFrom"), errors),
                instant("createdTo", parameters.get("createdTo"), errors),
                instant("updatedFrom", parameters.get("updatedFrom"), errors),
                instant("updatedTo", parameters.get("updatedTo"), errors), order, descending,
                CustomValues.filters(parameters));
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return query;
    }

    /**
     * A JPQL condition and its named parameters.
     *
     * @param whole where the search kept only the first leads found ({@link ListSearch#firstOnly}), the
     *              condition that keeps them all, with the same parameters; else {@code null}
     */
    record Where(String condition, Map<String, Object> parameters, String whole) {
    }

    /**
     * @param alias       the lead's JPQL alias
     * @param currentUser the caller's id, for {@code owner=me}
     * @param em          where a search looks up how to read the table ({@link ListSearch})
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
        if (status != null) {
            conditions.add(alias + ".status = :status");
            parameters.put("status", status);
        }
        if (open) {
            conditions.add(alias + ".status IN :openStatuses");
            parameters.put("openStatuses", List.of(LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED));
        }
        if (source != null) {
            conditions.add(alias + ".source = :source");
            parameters.put("source", source);
        }
        if (campaignId != null) {
            conditions.add(alias + ".campaignId = :campaign");
            parameters.put("campaign", campaignId);
        }
        range(alias + ".createdAt", "created", createdFrom, createdTo, conditions, parameters);
        range(alias + ".updatedAt", "updated", updatedFrom, updatedTo, conditions, parameters);
        String whole = search == null ? null : search.whole(em, conditions);
        return new Where(conditions.isEmpty() ? "(1 = 1)" : String.join(" AND ", conditions), parameters, whole);
    }
}
