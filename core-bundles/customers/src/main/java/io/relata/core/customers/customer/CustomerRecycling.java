package io.relata.core.customers.customer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.Customers;
import io.relata.api.recyclebin.RecycleBinHandler;

/** Restores deleted customers from the recycle bin and purges them when their time there is up. */
@Component(property = RecycleBinHandler.RECORD_TYPE + "=" + Customers.RECORD_TYPE)
public class CustomerRecycling implements RecycleBinHandler {

    @Reference
    private CustomerStore store;

    @Override
    public void restore(String recordId) {
        store.restore(recordId);
    }

    @Override
    public void purge(String recordId) {
        store.purge(recordId);
    }
}
