package io.relata.core.customers.contact;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.Contacts;
import io.relata.api.recyclebin.RecycleBinHandler;

/** Restores deleted contacts from the recycle bin and purges them when their time there is up. */
@Component(property = RecycleBinHandler.RECORD_TYPE + "=" + Contacts.RECORD_TYPE)
public class ContactRecycling implements RecycleBinHandler {

    @Reference
    private ContactStore store;

    @Override
    public void restore(String recordId) {
        store.restore(recordId);
    }

    @Override
    public void purge(String recordId) {
        store.purge(recordId);
    }
}
