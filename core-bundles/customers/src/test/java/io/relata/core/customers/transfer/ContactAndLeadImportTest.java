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
import io.relata.api.customer.Customer;
import io.relata.api.customer.Lead;
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

    private static List<Lead> leads(Transfers t, TestUser user) {
        return t.db.as(user, () -> CustomerFixture.all(page -> t.leads.list(LeadQuery.parse(Map.of()), page)));
    }
}
