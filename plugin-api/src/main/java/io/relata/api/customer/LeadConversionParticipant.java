package io.relata.api.customer;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Lets a module take part in converting a lead, inside the conversion's transaction: the sales plugin creates an
 * opportunity for the new customer, for example. Register it as a service with the property
 * {@value #PARTICIPANT_ID} (the key of its options in a conversion request; usually the module id).
 *
 * <p>Whatever the participant writes commits or rolls back with the conversion. If it throws, the whole
 * conversion is rolled back and the client is told which participant refused: throw a
 * {@link io.relata.api.rest.ProblemException} with a 4xx problem to say why in the client's terms.
 */
@ConsumerType
public interface LeadConversionParticipant {

    /** Service property: the participant's id, e.g. {@code sales}. */
    String PARTICIPANT_ID = "relata.conversion.participant";

    /**
     * @return links to the records the participant created or linked, recorded on the converted lead (may be empty)
     */
    List<RecordLink> convert(LeadConversion conversion);
}
