package io.relata.core.activities;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.audit.RecordVisibility;

/**
 * An activity's history is readable by exactly those who may read the activity. Registering it also lets
 * activities link to other activities (a follow-up call to the meeting it follows).
 */
@Component(property = RecordVisibility.RECORD_TYPE + "=" + Activity.RECORD_TYPE)
public class ActivityVisibility implements RecordVisibility {

    @Reference
    private ActivityStore store;

    @Override
    public boolean isVisible(String recordId) {
        return store.visible(recordId);
    }
}
