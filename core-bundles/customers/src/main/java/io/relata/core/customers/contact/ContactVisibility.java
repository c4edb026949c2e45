package io.relata.core.customers.contact;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customer.Contacts;

/** A contact's history is readable by exactly those who may read the contact. */
@Component(property = RecordVisibility.RECORD_TYPE + "=" + Contacts.RECORD_TYPE)
public class ContactVisibility implements RecordVisibility {

    @Reference
    private ContactStore store;

    @Override
    public boolean isVisible(String recordId) {
        return store.visible(recordId);
    }
}
