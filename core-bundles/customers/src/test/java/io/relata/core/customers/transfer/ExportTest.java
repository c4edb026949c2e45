package io.relata.core.customers.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;

import io.relata.api.customer.Address;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFields;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.customer.CustomerQuery;
import io.relata.core.customers.lead.LeadFields;
import io.relata.core.customers.lead.LeadQuery;

class ExportTest {

    @TempDir
    Path uploads;

    private static void define(CustomerFixture db) {
        db.customFields.define("customer", "region", FieldType.PICKLIST, false, "north", "south");
        db.customFields.define("customer", "labels", FieldType.MULTI_PICKLIST, false, "hot", "key");
        db.customFields.define("customer", "employees", FieldType.INTEGER, false);
        db.customFields.define("lead", "budget", FieldType.DECIMAL, false);
    }

    private static CustomerFields customer(int n, String owner) {
        return new CustomerFields(n % 3 == 0 ? CustomerKind.PERSON : CustomerKind.COMPANY, "Customer " + n,
                "Customer " + n + " Ltd", "retail", "www.c" + n + ".example.com", "+86 21 5555 " + (1000 + n),
                "c" + n + "@example.com", new Address("No. " + n + " Nanjing Road\nFloor 2", "上海", "Shanghai",
                "200000", "CN"), n % 2 == 0 ? LifecycleStage.CUSTOMER : LifecycleStage.PROSPECT,
                n % 4 == 0 ? List.of("vip", "key account") : List.of(), owner, null, null, "CNY",
                Map.of("region", n % 2 == 0 ? "north" : "south", "labels", n % 5 == 0 ? List.of("hot", "key")
                        : List.of(), "employees", n * 10));
    }

    @OnEveryDatabase
    void anExportOfAFilteredListHasTheListsRecordsInTheListsOrderWithEveryField(CustomerFixture db) {
        define(db);
        Transfers t = new Transfers(db, uploads);
        TestUser ada = t.importer("ada");
        for (int i = 1; i <= 450; i++) {
            int n = i;
            db.as(ada, () -> db.store.create(customer(n, null), true));
        }
        Map<String, String> filters = Map.of("cf.region", "north", "stage", "customer", "sort", "name");

        assertThat(db.as(ada, () -> t.exports.customers(filters)).fileName())
                .matches("customers-\\d{4}-\\d{2}-\\d{2}\\.csv");
        byte[] body = t.export(ada, exports -> exports.customers(filters));
        assertThat(new String(body, 0, 3, StandardCharsets.ISO_8859_1)).as("UTF-8 byte-order mark")
                .isEqualTo("\u00EF\u00BB\u00BF");

        Table table = parse(body);
        List<CSVRecord> rows = table.rows();
        List<Customer> listed = db.as(ada, () -> CustomerFixture.all(page -> db.store.list(CustomerQuery.parse(
                filters), page)));
        assertThat(listed).hasSize(225);
        assertThat(table.headers()).containsExactly("id", "kind", "name", "legalName", "industry", "website",
                "phone", "email", "address.street", "address.city", "address.region", "address.postalCode",
                "address.country", "stage", "tags", "ownerId", "parentId", "subsidiaryId", "currency", "createdAt",
                "createdBy", "updatedAt", "updatedBy", "cf.region", "cf.labels", "cf.employees");
        assertThat(rows).extracting(row -> row.get(0))
                .containsExactlyElementsOf(listed.stream().map(Customer::id).toList());
        Customer first = listed.get(0);
        CSVRecord firstRow = rows.get(0);
        assertThat(firstRow.toList()).containsExactly(first.id(), first.kind().name(), first.name(),
                first.legalName(), "retail", first.website(), first.phone(), first.email(), first.address().street(),
                "上海", "Shanghai", "200000", "CN", "CUSTOMER", String.join("; ", first.tags()), "ada", "", "", "CNY",
                first.createdAt().toString(), "ada", first.updatedAt().toString(), "ada", "north",
                db.customFields.format(first.customFields().get("labels")), String.valueOf(
                        first.customFields().get("employees")));
        assertThat(Instant.parse(firstRow.get("createdAt"))).isEqualTo(first.createdAt());
        assertThat(rows).anySatisfy(row -> assertThat(row.get("tags")).isEqualTo("key account; vip"));
    }

    @OnEveryDatabase
    void anExportReadsThroughTheStorePageByPageAsTheCallerAndShowsOnlyTheirScope(CustomerFixture db) {
        Transfers t = new Transfers(db, uploads);
        TestUser boss = t.importer("boss");
        TestUser rep = db.user("rep", Set.of("customers:read", "customers:write", "customers:export"),
                new DataScope(ScopeKind.OWN, Set.of("rep")));
        for (int i = 1; i <= 430; i++) {
            int n = i;
            db.as(rep, () -> db.store.create(CustomerFixture.company("Mine " + n), true));
        }
        db.as(boss, () -> db.store.create(new CustomerFields(null, "Boss's", null, null, null, null, null, null,
                null, null, "boss", null, null, null, null), false));
        db.as(boss, () -> db.store.create(new CustomerFields(null, "In the pool", null, null, null, null, null,
                null, null, null, null, null, null, null, null), false));
        // the pool customer was the boss's; release it so that it has no owner
        String pooled = db.as(boss, () -> CustomerFixture.all(page -> db.store.list(CustomerQuery.parse(
                Map.of("q", "In the pool")), page))).get(0).id();
        db.as(boss, () -> db.store.release(pooled, "for everyone"));

        List<Integer> pageSizes = new ArrayList<>();
        AtomicInteger readWithoutUser = new AtomicInteger();
        CustomerQuery query = CustomerQuery.parse(Map.of());
        byte[] body = t.export(rep, exports -> exports.csv(RecordKind.CUSTOMER, CsvExports.CUSTOMER_COLUMNS,
                Customer::customFields, cursor -> {
                    if (db.currentUser.get().isEmpty()) {
                        readWithoutUser.incrementAndGet();
                    }
                    Page<Customer> page = db.store.list(query, PageRequest.of("200", cursor));
                    pageSizes.add(page.items().size());
                    return page;
                }));

        assertThat(pageSizes).as("pages of the store's list, never the whole list").containsExactly(200, 200, 31);
        assertThat(readWithoutUser).hasValue(0);
        List<CSVRecord> rows = parse(body).rows();
        assertThat(rows).hasSize(431);
        assertThat(rows).extracting(row -> row.get("name"))
                .doesNotContain("Boss's").contains("In the pool", "Mine 1", "Mine 430");
        assertThat(parse(t.export(rep, exports -> exports.customers(Map.of()))).rows()).hasSize(431);

        TestUser blind = db.user("blind", Set.of("customers:export"), DataScope.all());
        assertThatThrownBy(() -> db.as(blind, () -> t.exports.customers(Map.of())))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(403));
        assertThatThrownBy(() -> db.as(rep, () -> t.exports.customers(Map.of("cf.nothing", "x"))))
                .as("a bad filter is a problem before any byte is written")
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    }

    @OnEveryDatabase
    void whatIsExportedImportsIntoAnEmptyDatabaseAsTheSameRecords(CustomerFixture db) {
        define(db);
        Transfers t = new Transfers(db, uploads);
        TestUser ada = t.importer("ada");
        db.user("sam", Set.of("customers:read"), DataScope.all());
        for (int i = 1; i <= 12; i++) {
            int n = i;
            db.as(ada, () -> db.store.create(customer(n, n % 2 == 0 ? "sam" : null), true));
        }
        db.as(ada, () -> db.store.create(new CustomerFields(null, "=HYPERLINK(\"http://evil.example\")", null,
                null, null, null, null, null, null, List.of("-minus"), null, null, null, null, null), true));
        db.as(ada, () -> t.leads.create(new LeadFields("Wei", "Li", "星辰", "CTO", "li@example.cn", "+86 10 1234 5678",
                "www.xc.example.cn", new Address(null, "北京", null, null, "CN"), "web", null, null, null,
                "met at the fair,\n\"keen\"", "sam", Map.of("budget", "12500.50")), false));
        byte[] customers = t.export(ada, exports -> exports.customers(Map.of()));
        byte[] leads = t.export(ada, exports -> exports.leads(Map.of()));
        String exported = new String(customers, StandardCharsets.UTF_8);
        assertThat(exported).as("formulas do not run in a spreadsheet").contains(",\"'=HYPERLINK(\"\"http")
                .contains(",'-minus,").contains(",+86 21 5555 1001,");

        try (CustomerFixture empty = db.emptyDatabaseOfSameKind()) {
            define(empty);
            Transfers into = new Transfers(empty, uploads);
            TestUser bea = into.importer("ada");
            empty.user("sam", Set.of("customers:read"), DataScope.all());
            ImportView customersIn = into.importFile(bea, "customer", customers, false, null);
            ImportView leadsIn = into.importFile(bea, "lead", leads, false, null);
            assertThat(into.issues(bea, customersIn.id())).isEmpty();
            assertThat(into.issues(bea, leadsIn.id())).isEmpty();

            assertThat(comparable(allCustomers(empty, bea))).containsExactlyInAnyOrderElementsOf(
                    comparable(allCustomers(db, ada)));
            assertThat(comparableLeads(allLeads(into, bea))).containsExactlyInAnyOrderElementsOf(
                    comparableLeads(allLeads(t, ada)));
        }
    }

    /** What a customer is, leaving out what the server gives every record (id, times, who, version). */
    private static List<List<Object>> comparable(List<Customer> customers) {
        return customers.stream().map(c -> List.<Object>of(String.valueOf(c.kind()), c.name(),
                String.valueOf(c.legalName()), String.valueOf(c.industry()), String.valueOf(c.website()),
                String.valueOf(c.phone()), String.valueOf(c.email()), c.address(), c.stage(), c.tags(),
                String.valueOf(c.ownerId()), String.valueOf(c.currency()), new HashMap<>(c.customFields()))).toList();
    }

    private static List<List<Object>> comparableLeads(List<Lead> leads) {
        return leads.stream().map(l -> List.<Object>of(l.firstName(), l.lastName(), l.company(), l.title(), l.email(),
                l.phone(), l.website(), l.address(), l.source(), l.status(), l.description(), l.ownerId(),
                new HashMap<>(l.customFields()))).toList();
    }

    private static List<Customer> allCustomers(CustomerFixture db, TestUser user) {
        return db.as(user, () -> CustomerFixture.all(page -> db.store.list(CustomerQuery.parse(Map.of()), page)));
    }

    private static List<Lead> allLeads(Transfers t, TestUser user) {
        return t.db.as(user, () -> CustomerFixture.all(page -> t.leads.list(LeadQuery.parse(Map.of()), page)));
    }

    /** A CSV file's header and rows; the rows' values can be had by header. */
    record Table(List<String> headers, List<CSVRecord> rows) {
    }

    static Table parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).startsWith(String.valueOf(Csv.BYTE_ORDER_MARK));
        try (CSVParser parser = Csv.FORMAT.builder().setHeader().get().parse(new StringReader(text.substring(1)))) {
            return new Table(parser.getHeaderNames(), parser.getRecords());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
