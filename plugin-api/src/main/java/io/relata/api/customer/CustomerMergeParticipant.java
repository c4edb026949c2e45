package io.relata.api.customer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Lets a module move its own references when a duplicate customer is merged into a survivor: the sales plugin
 * points the duplicate's deals at the survivor, activities move its timeline. Called inside the merge's
 * transaction, after core moved contacts and sub-customers; whatever it writes commits or rolls back with the
 * merge. Register it as a service with the property {@value #PARTICIPANT_ID}.
 *
 * <p>If it throws, the merge is rolled back: throw a {@link io.relata.api.rest.ProblemException} with a 4xx
 * problem to say why in the client's terms.
 */
@ConsumerType
public interface CustomerMergeParticipant {

    /** Service property: the participant's id, usually its module id. */
    String PARTICIPANT_ID = "relata.merge.participant";

    /**
     * @param survivorId  the customer that stays
     * @param duplicateId the customer that goes; every reference to it should now name the survivor
     * @return how many of the module's records now refer to the survivor instead, for the merge's audit entry
     */
    int merge(String survivorId, String duplicateId);
}
