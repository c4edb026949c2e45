package io.relata.core.customers.customer;

/**
 * Checks of a customer's fields against data other bundles keep: the industry picklist, active currencies, the
 * organisation's subsidiaries. Separate from {@link CustomerFields#validated()}, which needs nothing but the values.
 */
public interface CustomerRules {

    /**
     * @param fields the validated new fields
     * @param before the fields before a change, {@code null} on create: values kept unchanged are not re-checked,
     *               so a picklist value retired later does not block editing other fields
     * @throws io.relata.api.rest.ProblemException 400 naming each field that breaks a rule
     */
    void check(CustomerFields fields, CustomerFields before);
}
