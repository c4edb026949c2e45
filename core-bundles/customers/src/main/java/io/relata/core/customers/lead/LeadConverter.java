package io.relata.core.customers.lead;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Address;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customer;
import io.relata.api.customer.Customers;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadConversion;
import io.relata.api.customer.LeadConversionParticipant;
import io.relata.api.customer.LeadEvent;
import io.relata.api.customer.LeadStatus;
import io.relata.api.customer.Leads;
import io.relata.api.customer.RecordLink;
import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFields;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.Writes;

/**
 * Converts a lead into a customer and a contact — new ones made from the lead, or existing ones it is linked to —
 * in one transaction with whatever installed modules add through {@link LeadConversionParticipant}s. Either all
 * of it commits, or none of it does.
 */
@Component(service = LeadConverter.class)
public class LeadConverter {

    private static final Logger LOG = LoggerFactory.getLogger(LeadConverter.class);

    /**
     * What the client asks for. Every member is optional.
     *
     * @param customerId     link to this existing customer instead of creating one
     * @param customer       the new customer's fields; by default made from the lead's company and details
     * @param contactId      link to this existing contact of the customer instead of creating one
     * @param contact        the new contact's fields; by default the lead's person
     * @param allowDuplicate create the customer and contact even if they look like existing ones
     * @param options        options for participants, by participant id, e.g. {@code {"sales": {...}}}
     */
    public record Request(String customerId, CustomerFields customer, String contactId, ContactFields contact,
                          Boolean allowDuplicate, Map<String, Map<String, Object>> options) {
    }

    /**
     * What the lead became.
     *
     * @param lead     the converted lead
     * @param customer its customer
     * @param contact  its contact
     * @param records  what participants made of it
     */
    public record Result(Lead lead, Customer customer, Contact contact, List<RecordLink> records) {
    }

    private final LeadStore leads;
    private final CustomerStore customers;
    private final ContactStore contacts;
    private final Map<String, LeadConversionParticipant> participants = new ConcurrentSkipListMap<>();

    @Activate
    public LeadConverter(@Reference LeadStore leads, @Reference CustomerStore customers,
                         @Reference ContactStore contacts) {
        this.leads = leads;
        this.customers = customers;
        this.contacts = contacts;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParticipant(LeadConversionParticipant participant, Map<String, Object> properties) {
        participants.put(participantId(participant, properties), participant);
    }

    void removeParticipant(LeadConversionParticipant participant, Map<String, Object> properties) {
        participants.remove(participantId(participant, properties), participant);
    }

    Result convert(String leadId, Request request) {
        Request asked = request == null ? new Request(null, null, null, null, null, null) : request;
        LeadStore.Services services = leads.services();
        String me = services.currentUser().require().id();
        boolean allowDuplicates = Boolean.TRUE.equals(asked.allowDuplicate());
        return services.jpa().txExpr(TransactionType.Required, em -> {
            LeadEntity lead = leads.liveForConversion(em, leadId);
            if (lead.status() == LeadStatus.CONVERTED) {
                throw Problem.of(409, "converted", "Already converted", "the lead was converted already").toException();
            }
            if (lead.status() == LeadStatus.DISQUALIFIED) {
                throw Problem.of(409, "conflict", "Conflict", "the lead is disqualified; reopen it before converting")
                        .toException();
            }
            Lead before = leads.view(em, lead);
            Customer customer = customerFor(before, asked, me, allowDuplicates);
            Contact contact = contactFor(before, customer, asked, allowDuplicates);
            List<RecordLink> records = new ArrayList<>();
            participants.forEach((id, participant) -> records.addAll(join(id, participant,
                    new LeadConversion(before, customer.id(), contact.id(),
                            asked.options() == null ? Map.of() : asked.options().getOrDefault(id, Map.of())))));
            Map<String, Object> snapshot = lead.snapshot();
            lead.convert(customer.id(), contact.id(), records, me, leads.now());
            Writes.flush(em, "lead");
            services.audit().record(LeadStore.RECORD_TYPE, leadId, AuditAction.CONVERTED,
                    FieldChange.between(snapshot, lead.snapshot()), null);
            services.events().publish(new LeadEvent.Converted(leadId, customer.id(), contact.id(), records,
                    leads.now()));
            return new Result(leads.view(em, lead), customer, contact, List.copyOf(records));
        });
    }

    private Customer customerFor(Lead lead, Request asked, String me, boolean allowDuplicates) {
        if (asked.customerId() != null) {
            return customers.find(asked.customerId())
                    .orElseThrow(() -> Problem.validation("customerId", "is not a customer").toException());
        }
        leads.services().access().require("customers:write");
        CustomerFields fields = asked.customer() != null ? asked.customer()
                : defaultCustomer(lead).withCustomFields(carried(lead, Customers.RECORD_TYPE));
        String owner = fields.ownerId() != null ? fields.ownerId() : lead.ownerId() != null ? lead.ownerId() : me;
        return customers.create(fields.withOwner(owner), allowDuplicates);
    }

    private Contact contactFor(Lead lead, Customer customer, Request asked, boolean allowDuplicates) {
        if (asked.contactId() != null) {
            Contact contact = contacts.find(asked.contactId())
                    .orElseThrow(() -> Problem.validation("contactId", "is not a contact").toException());
            if (!contact.customerId().equals(customer.id())) {
                throw Problem.validation("contactId", "belongs to another customer").toException();
            }
            return contact;
        }
        leads.services().access().require("contacts:write");
        ContactFields given = asked.contact();
        ContactFields fields = given == null ? defaultContact(lead, customer, asked.customerId() == null)
                .withCustomFields(carried(lead, Contacts.RECORD_TYPE))
                : given.withCustomer(customer.id());
        return contacts.create(fields, allowDuplicates);
    }

    /**
     * The lead's custom-field values that the target record type has a field for, with the same key and type: a
     * {@code region} picklist on leads and on customers carries over.
     */
    private Map<String, Object> carried(Lead lead, String recordType) {
        CustomFields fields = leads.services().values().service();
        Map<String, FieldType> leadTypes = new HashMap<>();
        fields.definitions(Leads.RECORD_TYPE).forEach(definition -> leadTypes.put(definition.key(), definition.type()));
        Map<String, Object> carried = new HashMap<>();
        for (CustomFieldDefinition target : fields.definitions(recordType)) {
            Object value = lead.customFields().get(target.key());
            if (value != null && target.type() == leadTypes.get(target.key())) {
                carried.put(target.key(), value);
            }
        }
        return carried;
    }

    /** A company lead becomes a company; a lead without a company becomes a private person. */
    private static CustomerFields defaultCustomer(Lead lead) {
        boolean company = lead.company() != null;
        String name = company ? lead.company() : Contact.displayName(lead.firstName(), lead.lastName());
        Address address = lead.address();
        return new CustomerFields(company ? CustomerKind.COMPANY : CustomerKind.PERSON, name, null, null,
                lead.website(), lead.phone(), company ? null : lead.email(), address, null, List.of(), null, null,
                null, null, Map.of());
    }

    private static ContactFields defaultContact(Lead lead, Customer customer, boolean newCustomer) {
        String first = lead.firstName();
        String last = lead.lastName();
        if (first == null && last == null) {
            last = lead.company();
        }
        return new ContactFields(customer.id(), first, last, lead.title(), null,
                lead.email() == null ? List.of() : List.of(lead.email()),
                lead.phone() == null ? List.of() : List.of(lead.phone()), null, newCustomer, false, false, null);
    }

    /** A participant that refuses rolls the conversion back; it says why in a problem, or is reported by name. */
    private static List<RecordLink> join(String id, LeadConversionParticipant participant, LeadConversion conversion) {
        try {
            List<RecordLink> links = participant.convert(conversion);
            return links == null ? List.of() : links.stream().filter(Objects::nonNull).toList();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Lead conversion participant '{}' failed; the conversion of lead {} is rolled back", id,
                    conversion.lead().id(), e);
            throw Problem.of(409, "conversion-failed", "Conversion failed", "the '" + id + "' module could not take"
                    + " part in the conversion, so nothing was converted; see the server log").with("participant", id)
                    .toException();
        }
    }

    private static String participantId(LeadConversionParticipant participant, Map<String, Object> properties) {
        Object id = properties.get(LeadConversionParticipant.PARTICIPANT_ID);
        return id == null ? participant.getClass().getName() : id.toString();
    }
}
