package io.relata.example.hello;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.recyclebin.RecycleBinHandler;

/**
 * Restores and purges greetings for the recycle bin, which calls it inside a transaction it opened; the store's
 * JPA work joins that transaction, so a greeting and its bin entry change together.
 */
@Component(property = RecycleBinHandler.RECORD_TYPE + "=" + GreetingStore.RECORD_TYPE)
public class GreetingRecycleBinHandler implements RecycleBinHandler {

    private final GreetingStore store;

    @Activate
    public GreetingRecycleBinHandler(@Reference GreetingStore store) {
        this.store = store;
    }

    /** @throws io.relata.api.rest.ProblemException 409 "a greeting for 'X' already exists" */
    @Override
    public void restore(String recordId) {
        store.restoreDeleted(recordId);
    }

    @Override
    public void purge(String recordId) {
        store.purgeDeleted(recordId);
    }
}
