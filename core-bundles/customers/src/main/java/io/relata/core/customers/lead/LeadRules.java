package io.relata.core.customers.lead;

/** Checks of a lead's fields against reference data other bundles keep (the lead-source picklist). */
public interface LeadRules {

    /**
     * @param fields the validated new fields
     * @param before the fields before a change, {@code null} on create; unchanged values are not re-checked
     * @throws io.relata.api.rest.ProblemException 400 naming each field that breaks a rule
     */
    void check(LeadFields fields, LeadFields before);
}
