package io.relata.core.activities;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.recyclebin.RecycleBinHandler;

/** Restores deleted activities from the recycle bin and purges them when their time there is up. */
@Component(property = RecycleBinHandler.RECORD_TYPE + "=" + Activity.RECORD_TYPE)
public class ActivityRecycling implements RecycleBinHandler {

    @Reference
    private ActivityStore store;

    @Override
    public void restore(String recordId) {
        store.restore(recordId);
    }

    @Override
    public void purge(String recordId) {
        store.purge(recordId);
    }
}
