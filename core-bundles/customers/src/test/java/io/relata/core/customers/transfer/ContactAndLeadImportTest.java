package io.relata.core.customers.transfer;

import static io.relata.core.customers.transfer.Transfers.gbk;
import static io.relata.core.customers.transfer.Transfers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.io.TempDir;

import io.relata.api.customer.Contact;
import io.relata.api.customer.ContactEvent;
import io.relata.api.customer.Customer;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadEvent;
import io.relata.api.customfield.FieldType;
import io.relata.api.job.JobState;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.lead.LeadFixture;
import io.relata.core.customers.lead.LeadQuery;

class ContactAndLeadImportTest {

    @TempDir
    Path uploads;

    @OnEveryDatabase
    void contactsFindTheirCustomerByIdOrByAnUnambiguousVisibleName(CustomerFixture db) {
        Transfers t = new Transfers(db, uploads);
        TestUser ada = t.importer("ada");
        TestUser rep = db.user("rep", Set.of("customers:read", "customers:write", "contacts:read", "contacts:write",
                "customers:import"), new DataScope(ScopeKind.OWN, Set.of("rep")));
        Customer acme = db.as(ada, () -> db.store.create(CustomerFixture.company("Acme  Trading"), false));
        db.as(ada, () -> db.store.create(CustomerFixture.company("Twins"), false));
        db.as(ada, () -> db.store.create(CustomerFixture.company("Twins"), true));
        Customer own = db.as(rep, () -> db.store.create(CustomerFixture.company("Rep's Own"), false));
        String file = "Customer,First Name,Last Name,Email,Phone,Birthday,Primary\n"
                + "acme trading,Wei,Li,li.wei@example.com; wei@example.com,138 0000 0001,1985/3/15,是\n"
                + "Twins,Ann,Lee,,,,\n"
                + "Nobody Inc,Bob,Ray,,,,\n"
                + "Acme Trading,,,,,,\n";

        ImportView upload = t.upload(ada, "contact", utf8(file));
        assertThat(upload.suggestedMapping()).containsExactly(Map.entry("Customer", "customer"),
                Map.entry("First Name", "firstName"), Map.entry("Last Name", "lastName"), Map.entry("Email", "emails"),
                Map.entry("Phone", "phones"), Map.entry("Birthday", "birthday"), Map.entry("Primary", "primary"));
        t.start(ada, upload.id(), null, false, null);

        assertThat(t.issues(ada, upload.id())).extracting(RowIssue::row, RowIssue::field, RowIssue::message)
                .containsExactly(
                        tuple(3L, "customer", "several customers are named 'Twins'; give the customer's id in"
                                + " customerId instead"),
                        tuple(4L, "customer", "no customer you can see is named 'Nobody Inc'"),
                        tuple(5L, "lastName", "a contact needs a first or a last name"));
        List<Contact> contacts = db.as(ada, () -> t.contacts.ofCustomer(acme.id()));
        assertThat(contacts).singleElement().satisfies(contact -> {
            assertThat(contact.emails()).containsExactly("li.wei@example.com", "wei@example.com");
            assertThat(contact.phones()).containsExactly("138 0000 0001");
            assertThat(contact.birthday()).isEqualTo(LocalDate.of(1985, 3, 15));
            assertThat(contact.primary()).isTrue();
        });

        // by id, and only to customers the importing user can see
        ImportView byId = t.importFile(rep, "contact", utf8("customerId,lastName\n" + own.id() + ",Own\n"
                + acme.id() + ",Elsewhere\n"), false, null);
        assertThat(byId.counts().created()).isEqualTo(1);
        assertThat(t.issues(rep, byId.id())).extracting(RowIssue::row, RowIssue::field, RowIssue::message)
                .containsExactly(tuple(3L, "customerId", "is not a customer"));
        ImportView byName = t.importFile(rep, "contact", utf8("customer,lastName\nAcme Trading,Hidden\n"), false,
                null);
        assertThat(t.issues(rep, byName.id())).extracting(RowIssue::message)
                .containsExactly("no customer you can see is named 'Acme Trading'");
    }

    @OnEveryDatabase
    void leadsWithoutOwnerGoThroughTheAssignmentRulesAndOwnersAreNamedByUsername(CustomerFixture db) {
        Transfers t = new Transfers(db, uploads);
        TestUser boss = db.user("boss", Set.of("leads:*", "customers:*", "contacts:*"), DataScope.all());
        db.user("ann", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("ann")));
        db.user("ben", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("ben")));
        LeadFixture.rule(db, t.leads, boss, "web", "ann", "ben");
        String file = "姓名,公司,来源,负责人,邮箱\r\n"
                + "张伟,星辰科技,web,,zw@example.cn\r\n"
                + "李娜,月亮公司,web,,ln@example.cn\r\n"
                + "王芳,太阳公司,referral,ben,wf@example.cn\r\n"
                + "赵强,,web,nobody,zq@example.cn\r\n";

        ImportView upload = t.upload(boss, "lead", "GBK", gbk(file));
        assertThat(upload.suggestedMapping()).containsExactly(Map.entry("姓名", "lastName"),
                Map.entry("公司", "company"), Map.entry("来源", "source"), Map.entry("负责人", "ownerId"),
                Map.entry("邮箱", "email"));
        t.start(boss, upload.id(), null, false, null);

        assertThat(t.job(db.as(boss, () -> t.imports.find(upload.id()))).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(t.issues(boss, upload.id())).extracting(RowIssue::row, RowIssue::field, RowIssue::message)
                .containsExactly(tuple(5L, "ownerId", "is not an active user's username or id"));
        assertThat(leads(t, boss)).extracting(Lead::lastName, Lead::company, Lead::ownerId)
                .containsExactlyInAnyOrder(tuple("张伟", "星辰科技", "ann"), tuple("李娜", "月亮公司", "ben"),
                        tuple("王芳", "太阳公司", "ben"));

        TestUser rep = db.user("rep", Set.of("leads:read", "leads:write", "customers:import"),
                new DataScope(ScopeKind.OWN, Set.of("rep")));
        ImportView forOthers = t.importFile(rep, "lead", utf8("lastName,ownerId\nGiven Away,ann\nMine,rep\n"), false,
                null);
        assertThat(t.issues(rep, forOthers.id())).extracting(RowIssue::row, RowIssue::field, RowIssue::message)
                .containsExactly(tuple(2L, "ownerId", "giving leads to someone else needs the permission"
                        + " leads:assign"));
        assertThat(forOthers.counts().created()).isEqualTo(1);
    }

    /**
     * Contacts that duplicate nothing are written together, a batch (or the run of rows between two possible
     * duplicates) at a time, with one call of the audit trail; each still gets its e-mails, phones, value, entry
     * and event.
     */
    @OnEveryDatabase
    void newContactsAreWrittenTogetherWithOneAuditCallForEachRunOfThem(CustomerFixture db) {
        db.customFields.define("contact", "role", FieldType.PICKLIST, false, "buyer", "user");
        Transfers t = new Transfers(db, uploads);
        TestUser ada = t.importer("ada");
        Customer acme = db.as(ada, () -> db.store.create(CustomerFixture.company("Acme"), false));
        Customer beta = db.as(ada, () -> db.store.create(CustomerFixture.company("Beta"), false));
        db.audit.clear();
        db.auditCalls.clear();
        StringBuilder file = new StringBuilder("customerId,Last Name,Email,Phone,Role\n");
        for (int row = 1; row <= 450; row++) {
            // row 100 has row 10's e-mail: a possible duplicate, asked about alone
            int mail = row == 100 ? 10 : row;
            file.append(row % 2 == 0 ? acme.id() : beta.id()).append(",Contact ").append(row).append(",buyer")
                    .append(mail).append("@example.com,+86 138 ").append(10_000_000 + row).append(',')
                    .append(row % 3 == 0 ? "user" : "buyer").append('\n');
        }

        ImportView upload = t.upload(ada, "contact", utf8(file.toString()));
        db.statements.reset();
        t.start(ada, upload.id(), null, false, "skip");
        ImportView done = db.as(ada, () -> t.imports.find(upload.id()));

        assertThat(done.counts()).isEqualTo(new ImportCounts(450, 449, 0, 1, 0));
        // a contact, its e-mail, its phone and its value are four INSERTs: row by row 2,707 trips in all. The
        // e-mails and values go in a few batches; the contacts' INSERTs do not, as EclipseLink writes the rows of
        // an embeddable collection (the phones) right after their contact's, and a JDBC batch holds one statement
        assertThat(trips(db, "INSERT INTO core_contact_email")).isLessThanOrEqualTo(6);
        assertThat(trips(db, "INSERT INTO core_field_value")).isLessThanOrEqualTo(6);
        assertThat(trips(db, "INSERT INTO core_contact (")).isEqualTo(449);
        assertThat(trips(db, "SELECT")).as("the batch's duplicate queries, the possible duplicate, the customers")
                .isLessThan(30);
        assertThat(db.statements.roundTrips.get()).as("trips to the database for the whole import")
                .isLessThan(1000);
        assertThat(t.issues(ada, done.id())).extracting(RowIssue::row).containsExactly(101L);
        assertThat(db.auditCalls).as("the rows before and after the possible duplicate, then a batch each")
                .containsExactly(99, 100, 200, 50);
        List<Contact> contacts = new java.util.ArrayList<>(db.as(ada, () -> t.contacts.ofCustomer(acme.id())));
        contacts.addAll(db.as(ada, () -> t.contacts.ofCustomer(beta.id())));
        assertThat(contacts).hasSize(449).allSatisfy(contact -> {
            assertThat(contact.emails()).singleElement().asString().startsWith("buyer");
            assertThat(contact.phones()).singleElement().asString().startsWith("+86 138 1");
            assertThat(contact.customFields()).containsKey("role");
        });
        assertThat(contacts).filteredOn(contact -> contact.lastName().equals("Contact 42")).singleElement()
                .satisfies(contact -> {
                    assertThat(contact.customerId()).isEqualTo(acme.id());
                    assertThat(contact.customFields()).containsEntry("role", "user");
                });
        assertThat(db.audit).hasSize(449).allSatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("CREATED");
            assertThat(entry.actorId()).isEqualTo("ada");
            assertThat(entry.changes()).extracting(change -> change.field()).contains("customerId", "lastName",
                    "emails", "phones", "cf.role");
        });
        assertThat(db.audit).extracting(CustomerFixture.Recorded::recordId)
                .containsExactlyInAnyOrderElementsOf(contacts.stream().map(Contact::id).toList());
        assertThat(db.events(ContactEvent.Created.class)).extracting(ContactEvent.Created::contactId)
                .containsExactlyInAnyOrderElementsOf(contacts.stream().map(Contact::id).toList());

        // imported again: every row is a duplicate now, found by the batch's query and skipped
        ImportView again = t.importFile(ada, "contact", utf8(file.toString()), false, "skip");
        assertThat(again.counts()).isEqualTo(new ImportCounts(450, 0, 0, 450, 0));
    }

    /** The same for leads: one audit call for each run of new rows, one trip for many INSERTs. */
    @OnEveryDatabase
    void newLeadsAreWrittenTogetherWithOneAuditCallForEachRunOfThem(CustomerFixture db) {
        db.customFields.define("lead", "budget", FieldType.PICKLIST, false, "high", "low");
        Transfers t = new Transfers(db, uploads);
        TestUser ada = t.importer("ada");
        db.user("bo", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("bo")));
        StringBuilder file = new StringBuilder("First Name,Last Name,Company,Email,Phone,Owner,Budget\n");
        for (int row = 1; row <= 450; row++) {
            // row 100 has row 10's phone: a possible duplicate, asked about alone
            int phone = row == 100 ? 10 : row;
            file.append("Wei,Li ").append(row).append(",Company ").append(row).append(",lead").append(row)
                    .append("@example.com,+86 139 ").append(10_000_000 + phone).append(',')
                    .append(row % 2 == 0 ? "bo" : "ada").append(',').append(row % 3 == 0 ? "low" : "high")
                    .append('\n');
        }

        ImportView upload = t.upload(ada, "lead", utf8(file.toString()));
        db.statements.reset();
        t.start(ada, upload.id(), null, false, "skip");
        ImportView done = db.as(ada, () -> t.imports.find(upload.id()));

        assertThat(done.counts()).isEqualTo(new ImportCounts(450, 449, 0, 1, 0));
        // a lead and its value are two INSERTs, and a create flushes, reads and deletes values: row by row 1,809
        // trips in all
        assertThat(trips(db, "INSERT INTO core_lead")).isLessThanOrEqualTo(6);
        assertThat(db.statements.roundTrips.get()).as("trips to the database for the whole import")
                .isLessThan(60);
        assertThat(t.issues(ada, done.id())).extracting(RowIssue::row).containsExactly(101L);
        assertThat(db.auditCalls).as("the rows before and after the possible duplicate, then a batch each")
                .containsExactly(99, 100, 200, 50);
        List<Lead> leads = leads(t, ada);
        assertThat(leads).hasSize(449).allSatisfy(lead -> assertThat(lead.customFields()).containsKey("budget"));
        assertThat(leads).filteredOn(lead -> lead.lastName().equals("Li 42")).singleElement().satisfies(lead -> {
            assertThat(lead.ownerId()).isEqualTo("bo");
            assertThat(lead.customFields()).containsEntry("budget", "low");
        });
        assertThat(db.audit).hasSize(449).allSatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("CREATED");
            assertThat(entry.changes()).extracting(change -> change.field()).contains("lastName", "email",
                    "ownerId", "cf.budget");
        });
        assertThat(db.events(LeadEvent.Created.class)).extracting(LeadEvent.Created::leadId)
                .containsExactlyInAnyOrderElementsOf(leads.stream().map(Lead::id).toList());

        // imported again with the names swapped: every row is the same person at the same company, skipped
        ImportView again = t.importFile(ada, "lead", utf8(file.toString().replace("First Name,Last Name",
                "Last Name,First Name").replace("@example.com", "@example.org").replace("+86 139", "+86 137")), false,
                "skip");
        assertThat(again.counts()).as("row 100 was skipped the first time").isEqualTo(
                new ImportCounts(450, 1, 0, 449, 0));
    }

    /** Trips of the statements whose SQL starts so. */
    private static long trips(CustomerFixture db, String sqlStart) {
        return db.statements.tripsBySql.entrySet().stream().filter(entry -> entry.getKey().startsWith(sqlStart))
                .mapToLong(entry -> entry.getValue().get()).sum();
    }

    private static List<Lead> leads(Transfers t, TestUser user) {
        return t.db.as(user, () -> CustomerFixture.all(page -> t.leads.list(LeadQuery.parse(Map.of()), page)));
    }
}
