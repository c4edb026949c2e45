package io.relata.core.customers.transfer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.apache.commons.csv.CSVPrinter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.Address;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.api.customer.Lead;
import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerQuery;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.lead.LeadQuery;
import io.relata.core.customers.lead.LeadStore;

/**
 * Lists as CSV files: every standard field, then each active custom field as {@code cf.<key>}, in UTF-8 with the
 * byte-order mark Excel needs. The rows come page by page through the store's own list, with the list's filters
 * and the caller's data scope, and go out as they come: no export holds more than a page.
 */
@Component(service = CsvExports.class)
public class CsvExports {

    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";

    /** One column: its header and how a record fills it. */
    record Column<T>(String header, Function<T, String> value) {
    }

    static final List<Column<Customer>> CUSTOMER_COLUMNS = List.of(
            new Column<>("id", Customer::id),
            new Column<>("kind", customer -> name(customer.kind())),
            new Column<>("name", Customer::name),
            new Column<>("legalName", Customer::legalName),
            new Column<>("industry", Customer::industry),
            new Column<>("website", Customer::website),
            new Column<>("phone", Customer::phone),
            new Column<>("email", Customer::email),
            new Column<>("address.street", customer -> address(customer.address()).street()),
            new Column<>("address.city", customer -> address(customer.address()).city()),
            new Column<>("address.region", customer -> address(customer.address()).region()),
            new Column<>("address.postalCode", customer -> address(customer.address()).postalCode()),
            new Column<>("address.country", customer -> address(customer.address()).country()),
            new Column<>("stage", customer -> name(customer.stage())),
            new Column<>("tags", customer -> joined(customer.tags())),
            new Column<>("ownerId", Customer::ownerId),
            new Column<>("parentId", Customer::parentId),
            new Column<>("subsidiaryId", Customer::subsidiaryId),
            new Column<>("currency", Customer::currency),
            new Column<>("createdAt", customer -> time(customer.createdAt())),
            new Column<>("createdBy", Customer::createdBy),
            new Column<>("updatedAt", customer -> time(customer.updatedAt())),
            new Column<>("updatedBy", Customer::updatedBy));

    static final List<Column<Contact>> CONTACT_COLUMNS = List.of(
            new Column<>("id", Contact::id),
            new Column<>("customerId", Contact::customerId),
            new Column<>("firstName", Contact::firstName),
            new Column<>("lastName", Contact::lastName),
            new Column<>("title", Contact::title),
            new Column<>("department", Contact::department),
            new Column<>("emails", contact -> joined(contact.emails())),
            new Column<>("phones", contact -> joined(contact.phones())),
            new Column<>("birthday", contact -> contact.birthday() == null ? null : contact.birthday().toString()),
            new Column<>("primary", contact -> String.valueOf(contact.primary())),
            new Column<>("doNotContact", contact -> String.valueOf(contact.doNotContact())),
            new Column<>("marketingOptOut", contact -> String.valueOf(contact.marketingOptOut())),
            new Column<>("createdAt", contact -> time(contact.createdAt())),
            new Column<>("createdBy", Contact::createdBy),
            new Column<>("updatedAt", contact -> time(contact.updatedAt())),
            new Column<>("updatedBy", Contact::updatedBy));

    static final List<Column<Lead>> LEAD_COLUMNS = List.of(
            new Column<>("id", Lead::id),
            new Column<>("firstName", Lead::firstName),
            new Column<>("lastName", Lead::lastName),
            new Column<>("company", Lead::company),
            new Column<>("title", Lead::title),
            new Column<>("email", Lead::email),
            new Column<>("phone", Lead::phone),
            new Column<>("website", Lead::website),
            new Column<>("address.street", lead -> address(lead.address()).street()),
            new Column<>("address.city", lead -> address(lead.address()).city()),
            new Column<>("address.region", lead -> address(lead.address()).region()),
            new Column<>("address.postalCode", lead -> address(lead.address()).postalCode()),
            new Column<>("address.country", lead -> address(lead.address()).country()),
            new Column<>("source", Lead::source),
            new Column<>("campaignId", Lead::campaignId),
            new Column<>("status", lead -> name(lead.status())),
            new Column<>("disqualifiedReason", Lead::disqualifiedReason),
            new Column<>("description", Lead::description),
            new Column<>("ownerId", Lead::ownerId),
            new Column<>("convertedCustomerId", Lead::convertedCustomerId),
            new Column<>("convertedContactId", Lead::convertedContactId),
            new Column<>("convertedAt", lead -> time(lead.convertedAt())),
            new Column<>("createdAt", lead -> time(lead.createdAt())),
            new Column<>("createdBy", Lead::createdBy),
            new Column<>("updatedAt", lead -> time(lead.updatedAt())),
            new Column<>("updatedBy", Lead::updatedBy));

    /**
     * A CSV file to send: its name, and its content, which is read and written only when JAX-RS writes the
     * response.
     */
    public record Download(String fileName, StreamingOutput body) {

        public Response response() {
            return Response.ok(body, MEDIA_TYPE)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"").build();
        }
    }

    /** Reads one page of a list: the first for {@code null}, else the one after the cursor. */
    interface Pages<T> {
        Page<T> after(String cursor);
    }

    private final CustomerStore customers;
    private final ContactStore contacts;
    private final LeadStore leads;
    private final CustomFields customFields;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Clock clock;

    @Activate
    public CsvExports(@Reference CustomerStore customers, @Reference ContactStore contacts,
                      @Reference LeadStore leads, @Reference CustomFields customFields,
                      @Reference CurrentUser currentUser, @Reference AccessControl access) {
        this(customers, contacts, leads, customFields, currentUser, access, Clock.systemUTC());
    }

    CsvExports(CustomerStore customers, ContactStore contacts, LeadStore leads, CustomFields customFields,
               CurrentUser currentUser, AccessControl access, Clock clock) {
        this.customers = customers;
        this.contacts = contacts;
        this.leads = leads;
        this.customFields = customFields;
        this.currentUser = currentUser;
        this.access = access;
        this.clock = clock;
    }

    /** @param filters the query parameters of {@code GET /customers}, {@code cf.<key>} ones included */
    public Download customers(Map<String, String> filters) {
        access.require("customers:read");
        CustomerQuery query = CustomerQuery.parse(filters);
        return csv(RecordKind.CUSTOMER, CUSTOMER_COLUMNS, Customer::customFields,
                cursor -> customers.list(query, page(cursor)));
    }

    /**
     * @param customerId   only this customer's contacts, or {@code null}
     * @param q            the list's search text, or {@code null}
     * @param customFilter custom-field filters by field key
     */
    public Download contacts(String customerId, String q, Map<String, String> customFilter) {
        access.require("contacts:read");
        return csv(RecordKind.CONTACT, CONTACT_COLUMNS, Contact::customFields,
                cursor -> contacts.list(customerId, q, customFilter, page(cursor)));
    }

    /** @param filters the query parameters of {@code GET /leads}, {@code cf.<key>} ones included */
    public Download leads(Map<String, String> filters) {
        access.require("leads:read");
        LeadQuery query = LeadQuery.parse(filters);
        return csv(RecordKind.LEAD, LEAD_COLUMNS, Lead::customFields, cursor -> leads.list(query, page(cursor)));
    }

    /**
     * Reads the first page now, so that a bad filter is a problem response rather than a broken download, and
     * the rest while writing. JAX-RS writes the body after the request's user is unbound from the thread, so the
     * later pages are read as that user again.
     */
    <T> Download csv(RecordKind kind, List<Column<T>> columns, Function<T, Map<String, Object>> customValues,
                     Pages<T> pages) {
        List<CustomFieldDefinition> custom = customFields.definitions(kind.recordType);
        Page<T> first = pages.after(null);
        String username = currentUser.require().username();
        StreamingOutput body = out -> write(out, columns, custom, customValues, first,
                cursor -> asUser(username, () -> pages.after(cursor)));
        return new Download(kind.plural + "-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".csv", body);
    }

    private <T> void write(OutputStream out, List<Column<T>> columns, List<CustomFieldDefinition> custom,
                           Function<T, Map<String, Object>> customValues, Page<T> first, Pages<T> next)
            throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writer.write(Csv.BYTE_ORDER_MARK);
        CSVPrinter printer = new CSVPrinter(writer, Csv.FORMAT);
        List<String> headers = new ArrayList<>();
        columns.forEach(column -> headers.add(column.header()));
        custom.forEach(definition -> headers.add(CustomFields.FILTER_PREFIX + definition.key()));
        printer.printRecord(headers);
        for (Page<T> page = first; ; page = next.after(page.nextCursor())) {
            for (T record : page.items()) {
                List<String> values = new ArrayList<>(headers.size());
                columns.forEach(column -> values.add(Csv.neutralised(column.value().apply(record))));
                Map<String, Object> recordValues = customValues.apply(record);
                custom.forEach(definition -> values.add(Csv.neutralised(customFields.format(
                        recordValues == null ? null : recordValues.get(definition.key())))));
                printer.printRecord(values);
            }
            // each page reaches the client as it is written, rather than when the last one is
            printer.flush();
            if (page.nextCursor() == null) {
                return;
            }
        }
    }

    private <T> T asUser(String username, java.util.concurrent.Callable<T> read) {
        try {
            return currentUser.runAs(username, read);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PageRequest page(String cursor) {
        return PageRequest.of(String.valueOf(PageRequest.MAX_LIMIT), cursor);
    }

    private static Address address(Address address) {
        return address == null ? Address.EMPTY : address;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String time(Instant time) {
        return time == null ? null : time.toString();
    }

    /** Lists in one cell; the import splits them again at ";" and ",". */
    private static String joined(List<String> values) {
        return values == null ? null : String.join("; ", values);
    }
}
