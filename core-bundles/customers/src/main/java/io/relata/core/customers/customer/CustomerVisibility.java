package io.relata.core.customers.customer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customer.Customers;

/** Lets shared views (the audit trail) show a customer's history to exactly those who may read the customer. */
@Component(property = RecordVisibility.RECORD_TYPE + "=" + Customers.RECORD_TYPE)
public class CustomerVisibility implements RecordVisibility {

    @Reference
    private CustomerStore store;

    @Override
    public boolean isVisible(String recordId) {
        return store.visible(recordId);
    }
}
