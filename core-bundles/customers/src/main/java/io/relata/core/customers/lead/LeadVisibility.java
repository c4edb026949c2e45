package io.relata.core.customers.lead;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customer.Leads;

/** A lead's history is readable by exactly those who may read the lead. */
@Component(property = RecordVisibility.RECORD_TYPE + "=" + Leads.RECORD_TYPE)
public class LeadVisibility implements RecordVisibility {

    @Reference
    private LeadStore store;

    @Override
    public boolean isVisible(String recordId) {
        return store.visible(recordId);
    }
}
