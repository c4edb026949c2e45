package io.relata.core.activities;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.CustomerMergeParticipant;

/** Moves a merged duplicate's activities, and so its timeline and last-activity time, to the survivor. */
@Component(property = CustomerMergeParticipant.PARTICIPANT_ID + "=core.activities")
public class ActivityMerge implements CustomerMergeParticipant {

    @Reference
    private ActivityStore store;

    @Override
    public int merge(String survivorId, String duplicateId) {
        return store.mergeCustomer(survivorId, duplicateId);
    }
}
