package io.relata.core.customers.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.reference.Currencies;
import io.relata.api.reference.Picklists;
import io.relata.api.reference.Subsidiaries;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.core.customers.lead.LeadFields;
import io.relata.core.customers.lead.LeadRules;

/**
 * Checks customer and lead fields against the reference data: a lead's source is an active value of the
 * {@code lead-source} picklist; for customers, the industry is an active value of the {@code industry}
 * picklist, the currency an active currency, the subsidiary one of the organisation's. A value that is unchanged
 * by an edit is not checked again, so retiring a picklist value or a currency never blocks other edits.
 */
@Component(service = {CustomerRules.class, LeadRules.class})
public class ReferenceDataRules implements CustomerRules, LeadRules {

    private final Picklists picklists;
    private final Currencies currencies;
    private final Subsidiaries subsidiaries;

    @Activate
    public ReferenceDataRules(@Reference Picklists picklists, @Reference Currencies currencies,
                              @Reference Subsidiaries subsidiaries) {
        this.picklists = picklists;
        this.currencies = currencies;
        this.subsidiaries = subsidiaries;
    }

    @Override
    public void check(CustomerFields fields, CustomerFields before) {
        List<FieldError> errors = new ArrayList<>();
        if (changed(fields.industry(), before == null ? null : before.industry())
                && !picklists.contains(Picklists.INDUSTRY, fields.industry())) {
            errors.add(new FieldError("industry", "is not an active value of the industry picklist"));
        }
        if (changed(fields.currency(), before == null ? null : before.currency())
                && !currencies.isActive(fields.currency())) {
            errors.add(new FieldError("currency", "is not a currency the organisation uses"));
        }
        if (changed(fields.subsidiaryId(), before == null ? null : before.subsidiaryId())
                && subsidiaries.find(fields.subsidiaryId()).isEmpty()) {
            errors.add(new FieldError("subsidiaryId", "is not a subsidiary"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
    }

    @Override
    public void check(LeadFields fields, LeadFields before) {
        if (changed(fields.source(), before == null ? null : before.source())
                && !picklists.contains(Picklists.LEAD_SOURCE, fields.source())) {
            throw Problem.validation("source", "is not an active value of the lead-source picklist").toException();
        }
    }

    private static boolean changed(String now, String before) {
        return now != null && !Objects.equals(now, before);
    }
}
