package io.relata.core.customers.lead;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.Leads;
import io.relata.api.recyclebin.RecycleBinHandler;

/** Restores deleted leads from the recycle bin and purges them when their time there is up. */
@Component(property = RecycleBinHandler.RECORD_TYPE + "=" + Leads.RECORD_TYPE)
public class LeadRecycling implements RecycleBinHandler {

    @Reference
    private LeadStore store;

    @Override
    public void restore(String recordId) {
        store.restore(recordId);
    }

    @Override
    public void purge(String recordId) {
        store.purge(recordId);
    }
}
