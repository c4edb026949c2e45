package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.all;
import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;

import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.api.rest.PageRequest;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/**
 * The two ways a customer search reads the tables ({@link ListSearch}): collecting the ids the indexes find, or
 * walking the list in order. Whichever a search takes, the customers and their order must be the same.
 */
class CustomerSearchTest {

    private static final List<String> SEARCHES = List.of("正源", "张杰", "有限公司", "正", "kestrel", "KESTREL.EX",
            "5377-2020", "e_j", "%", "a", "ke", "nothing like it");

    @AfterEach
    void decideAgain() {
        ListSearch.forced = null;
        ListSearch.floor = 500;
        ListSearch.sampledFrom = 200_000;
    }

    @OnEveryDatabase
    void collectingAndWalkingFindTheSameCustomersPageByPageInEveryOrder(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        ContactStore contacts = ContactFixture.contacts(db);
        db.as(ada, () -> {
            db.store.create(company("广州正源贸易有限公司", "zy@zhengyuan.example", null), true);
            db.store.create(company("深圳正源科技有限公司", null, null), true);
            Customer huaxin = db.store.create(company("北京华信有限公司", null, null), true);
            ContactFixture.add(db, contacts, ada, huaxin.id(), "杰", "张", null, true);
            db.store.create(company("正", null, null), true);
            db.store.create(company("Kestrel Trading", null, null), true);
            db.store.create(company("Alpha", "buyer@kestrel.example", null), true);
            db.store.create(company("Beta", null, "+86 10 5377 2020"), true);
            db.store.create(company("100% Pure_Juice", null, null), true);
            Customer gamma = db.store.create(company("Gamma", null, null), true);
            ContactFixture.add(db, contacts, ada, gamma.id(), "Kim", "Kestrel", null, true);
            Customer delta = db.store.create(company("Delta 有限公司", null, null), true);
            String deleted = ContactFixture.add(db, contacts, ada, delta.id(), "杰", "张", null, true).id();
            ContactFixture.delete(db, contacts, ada, deleted);
            Customer gone = db.store.create(company("正源 Gone", null, null), true);
            db.store.delete(gone.id(), "\"1\"");
        });
        db.as(bob, () -> db.store.create(company("上海正源有限公司", null, null), true));

        ListSearch.floor = 2; // so that the probe walks the searches with two matches or more here
        for (String q : SEARCHES) {
            for (Map<String, String> order : List.of(Map.<String, String>of(), Map.of("sort", "name"),
                    Map.of("sort", "-name"), Map.of("sort", "createdAt"), Map.of("stage", "prospect"))) {
                Map<String, String> parameters = new HashMap<>(order);
                parameters.put("q", q);
                Map<String, List<String>> found = new LinkedHashMap<>();
                for (ListSearch.Shape shape : Arrays.asList(ListSearch.Shape.COLLECT,
                        ListSearch.Shape.WALK, null)) {
                    ListSearch.forced = shape;
                    found.put(String.valueOf(shape), db.as(ada, () -> all(page -> db.store.list(query(parameters),
                            new PageRequest(2, page.cursor())))).stream().map(Customer::name).toList());
                }
                ListSearch.sampledFrom = 0; // the probe as on a large table: a sample decides
                found.put("sampled", db.as(ada, () -> all(page -> db.store.list(query(parameters),
                        new PageRequest(2, page.cursor())))).stream().map(Customer::name).toList());
                ListSearch.sampledFrom = 200_000;
                assertThat(found.values()).as(parameters + " " + found).allSatisfy(names ->
                        assertThat(names).isEqualTo(found.get("COLLECT")));
            }
        }

        ListSearch.forced = null;
        assertThat(search(db, ada, "正源")).containsExactlyInAnyOrder("广州正源贸易有限公司", "深圳正源科技有限公司");
        assertThat(search(db, ada, "张杰")).as("through a live contact only").containsExactly("北京华信有限公司");
        assertThat(search(db, ada, "有限公司")).containsExactlyInAnyOrder("广州正源贸易有限公司", "深圳正源科技有限公司",
                "北京华信有限公司", "Delta 有限公司");
        assertThat(search(db, ada, "正")).containsExactlyInAnyOrder("广州正源贸易有限公司", "深圳正源科技有限公司", "正");
        assertThat(search(db, ada, "ke")).containsExactlyInAnyOrder("Kestrel Trading", "Alpha", "Gamma");
        assertThat(search(db, ada, "e_j")).containsExactly("100% Pure_Juice");
        assertThat(search(db, bob, "正源")).containsExactly("上海正源有限公司");
    }

    /** Found by its name, its e-mail and two contacts, a customer is still listed once, whichever the shape. */
    @OnEveryDatabase
    void aCustomerFoundInSeveralPlacesIsListedOnce(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        ContactStore contacts = ContactFixture.contacts(db);
        db.as(ada, () -> {
            Customer holdings = db.store.create(company("Kestrel Holdings", "info@kestrel.example", null), true);
            ContactFixture.add(db, contacts, ada, holdings.id(), "Kim", "Kestrel", null, true);
            ContactFixture.add(db, contacts, ada, holdings.id(), "Lee", "Kestrel", null, true);
            db.store.create(company("Other", null, null), true);
        });
        for (ListSearch.Shape shape : Arrays.asList(ListSearch.Shape.COLLECT, ListSearch.Shape.WALK, null)) {
            ListSearch.forced = shape;
            for (String q : List.of("kestrel", "ke")) {
                assertThat(search(db, ada, q)).as(q + " " + shape).containsExactly("Kestrel Holdings");
            }
        }
    }

    @OnEveryDatabase
    void postgresqlProbesHowCommonTheTextIsWhileH2KeepsTheTrigramRule(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        db.as(ada, () -> {
            for (String name : List.of("广州正源有限公司", "深圳华信有限公司", "北京达通有限公司", "Kestrel")) {
                db.store.create(company(name, null, null), true);
            }
        });
        ListSearch.floor = 3;
        if (db.isPostgres()) {
            assertThat(shape(db, "有限公司")).as("three matches: as common as the bound")
                    .isEqualTo(ListSearch.Shape.WALK);
            assertThat(shape(db, "正源")).as("two characters, by their pairs").isEqualTo(ListSearch.Shape.COLLECT);
            assertThat(shape(db, "kestrel")).isEqualTo(ListSearch.Shape.COLLECT);
            assertThat(shape(db, "正")).as("one character: no index").isEqualTo(ListSearch.Shape.WALK);
        } else {
            assertThat(shape(db, "有限公司")).isEqualTo(ListSearch.Shape.COLLECT);
            assertThat(shape(db, "kestrel")).isEqualTo(ListSearch.Shape.COLLECT);
            assertThat(shape(db, "正源")).isEqualTo(ListSearch.Shape.WALK);
        }
    }

    /**
     * On a large table the probe counts only up to a thirty-second of its bound, and past that a sample of the
     * table decides: away from the bound, as the count would.
     */
    @OnEveryDatabase
    void onALargeTableASampleDecidesPastAThirtySecondOfTheBound(CustomerFixture db) {
        assumeTrue(db.isPostgres(), "the probe is PostgreSQL's");
        EntityManager em = db.factory.createEntityManager();
        try {
            em.getTransaction().begin();
            // 20,000 customers: a bound of 12 · √20,000 = 1,697 and a thirty-second of it 53; a sample of 5,000
            // rows reads a quarter of the table
            em.createNativeQuery("INSERT INTO core_customer (id, kind, name, name_key, stage, created_at, created_by,"
                    + " updated_at, updated_by, version) SELECT 'filler-' || i, 'COMPANY', n, lower(n), 'PROSPECT',"
                    + " CURRENT_TIMESTAMP, 'test', CURRENT_TIMESTAMP, 'test', 0 FROM (SELECT i, 'Filler '"
                    + " || CASE WHEN i % 4 = 0 THEN 'Quartz ' ELSE '' END || CASE WHEN i % 40 = 0 THEN 'Onyx ' ELSE ''"
                    + " END || CASE WHEN i % 1000 = 0 THEN 'Jade ' ELSE '' END || i AS n"
                    + " FROM generate_series(1, 20000) AS i) named").executeUpdate();
            em.createNativeQuery("ANALYZE core_customer").executeUpdate();
            Map<String, ListSearch.Shape> expected = Map.of("filler", ListSearch.Shape.WALK, // 20,000
                    "quartz", ListSearch.Shape.WALK, // 5,000
                    "onyx", ListSearch.Shape.COLLECT, // 500: past the count, and the sample says below the bound
                    "jade", ListSearch.Shape.COLLECT); // 20: counted
            for (int sampledFrom : new int[] {200_000, 0}) {
                ListSearch.sampledFrom = sampledFrom;
                expected.forEach((q, shape) -> assertThat(new ListSearch(CustomerQuery.SEARCHED, "c", q,
                        new HashMap<>(), em).shape(em)).as(q + ", sampled from " + sampledFrom).isEqualTo(shape));
            }
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
    }

    /**
     * The first page of a search that collects many rows keeps only the first rows found in the list's order, and
     * runs again with all of them when the list's other conditions leave too few: page by page, in every order, the
     * customers are those the whole search lists.
     */
    @OnEveryDatabase
    void theFirstPageOfALargeCollectKeepsTheFirstRowsFoundAndRunsAgainWhenTheyAreTooFew(CustomerFixture db) {
        assumeTrue(db.isPostgres(), "the probe's estimate is PostgreSQL's");
        TestUser ada = db.admin("ada");
        EntityManager em = db.factory.createEntityManager();
        try {
            em.getTransaction().begin();
            // 2,000 customers, the first the most recently updated: Kestrel every fourth (500, of which the ten
            // customers are among the oldest), Quartz the oldest 400
            em.createNativeQuery("INSERT INTO core_customer (id, kind, name, name_key, stage, created_at, created_by,"
                    + " updated_at, updated_by, version) SELECT 'filler-' || i, 'COMPANY', n, lower(n),"
                    + " CASE WHEN i % 100 = 0 AND i > 1000 THEN 'CUSTOMER' ELSE 'PROSPECT' END, t, 'test', t, 'test',"
                    + " 0 FROM (SELECT i, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + (2000 - i)"
                    + " * INTERVAL '1 second' AS t, 'Filler ' || CASE WHEN i % 4 = 0 THEN 'Kestrel ' ELSE '' END"
                    + " || CASE WHEN i > 1600 THEN 'Quartz ' ELSE '' END || i AS n"
                    + " FROM generate_series(1, 2000) AS i) named").executeUpdate();
            em.createNativeQuery("ANALYZE core_customer").executeUpdate();
            em.getTransaction().commit();
            ListSearch.floor = 1_000; // the probe collects up to 1,000 matches here
            ListSearch search = new ListSearch(CustomerQuery.SEARCHED, "c", "kestrel", new HashMap<>(), em);
            search.condition(em, new ListSearch.Order("updated_at", true, 11));
            assertThat(search.firstOnly()).as("500 found, 11 wanted").isTrue();
            search.condition(em, new ListSearch.Order("updated_at", true, 200));
            assertThat(search.firstOnly()).as("500 found, 200 wanted").isFalse();
            search.condition(em, null);
            assertThat(search.firstOnly()).as("a later page").isFalse();

            // no parallel workers for a search's transaction: starting them cost more than the searches' arms
            em.getTransaction().begin();
            new ListSearch(CustomerQuery.SEARCHED, "c", "kestrel", new HashMap<>(), em).shape(em);
            assertThat(setting(em, "max_parallel_workers_per_gather")).isEqualTo("0");
            em.getTransaction().commit();
            assertThat(setting(em, "max_parallel_workers_per_gather")).as("after it").isNotEqualTo("0");
        } finally {
            em.close();
        }

        for (Map<String, String> parameters : List.of(Map.of("q", "kestrel"), Map.of("q", "quartz"),
                Map.of("q", "kestrel", "stage", "customer"), Map.of("q", "kestrel", "sort", "name"),
                Map.of("q", "kestrel", "sort", "-name"), Map.of("q", "kestrel", "sort", "createdAt"))) {
            Map<String, List<String>> found = new LinkedHashMap<>();
            for (ListSearch.Shape shape : Arrays.asList(ListSearch.Shape.COLLECT, null)) {
                ListSearch.forced = shape; // forced: no probe, no estimate, all the rows found
                // a first page of 10, then pages of 200 (only a first page keeps the first rows found)
                found.put(String.valueOf(shape), db.as(ada, () -> all(page -> db.store.list(query(parameters),
                        new PageRequest(page.cursor() == null ? 10 : 200, page.cursor())))).stream()
                        .map(Customer::name).toList());
            }
            assertThat(found.get("null")).as(parameters.toString()).isEqualTo(found.get("COLLECT"))
                    .hasSize(parameters.containsKey("stage") ? 10 : parameters.get("q").equals("kestrel") ? 500 : 400);
        }
    }

    /**
     * A customer is found by its live contacts' names, which every write of a contact keeps on the customer's row: a
     * new contact, contacts created together, a rename, a move to another customer, a deletion and a restore, a
     * merge of customers. Every shape finds the same.
     */
    @OnEveryDatabase
    void aCustomerIsFoundByItsLiveContactsNamesAfterEveryWriteOfAContact(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        ContactStore contacts = ContactFixture.contacts(db);
        Customer gamma = db.as(ada, () -> db.store.create(company("Gamma", null, null), true));
        Customer delta = db.as(ada, () -> db.store.create(company("Delta", null, null), true));
        ListSearch.floor = 1;

        Contact kim = ContactFixture.add(db, contacts, ada, gamma.id(), "Kim", "Kestrel", null, true);
        assertThat(searchedEveryWay(db, ada, "kestrel")).containsExactly("Gamma");
        assertThat(searchedEveryWay(db, ada, "kim")).containsExactly("Gamma");

        List<String> created = db.as(ada, () -> contacts.createAll(List.of(
                new ContactFields(delta.id(), "Lee", "Zhang", null, null, null, null, null, false, null, null, null),
                new ContactFields(delta.id(), "娜娜", "欧阳", null, null, null, null, null, false, null, null, null))));
        assertThat(searchedEveryWay(db, ada, "zhang")).containsExactly("Delta");
        assertThat(searchedEveryWay(db, ada, "欧阳娜娜")).containsExactly("Delta");

        Contact osprey = db.as(ada, () -> contacts.change(kim.id(), "\"" + kim.version() + "\"",
                fields -> new ContactFields(fields.customerId(), fields.firstName(), "Osprey", null, null, null, null,
                        null, true, null, null, null), true));
        assertThat(searchedEveryWay(db, ada, "kestrel")).as("renamed").isEmpty();
        assertThat(searchedEveryWay(db, ada, "osprey")).containsExactly("Gamma");

        db.as(ada, () -> contacts.change(kim.id(), "\"" + osprey.version() + "\"",
                fields -> fields.withCustomer(delta.id()), true));
        assertThat(searchedEveryWay(db, ada, "osprey")).as("moved").containsExactly("Delta");

        ContactFixture.delete(db, contacts, ada, created.get(0));
        assertThat(searchedEveryWay(db, ada, "zhang")).as("deleted").isEmpty();
        ContactFixture.restore(db, contacts, ada, created.get(0));
        assertThat(searchedEveryWay(db, ada, "zhang")).as("restored").containsExactly("Delta");

        db.as(ada, () -> db.store.merge(gamma.id(), delta.id(), null, null));
        for (String q : List.of("osprey", "zhang", "欧阳娜娜")) {
            assertThat(searchedEveryWay(db, ada, q)).as("merged: " + q).containsExactly("Gamma");
        }
        // the keys "kim osprey / osprey kim / ospreykim" and "lee zhang / ..." are two lines of Gamma's contact names
        assertThat(searchedEveryWay(db, ada, "ospreykim lee")).as("a match never spans two contacts").isEmpty();
    }

    /** The list as every shape finds it, all pages; the shapes must agree. */
    private static List<String> searchedEveryWay(CustomerFixture db, TestUser user, String q) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try {
            for (ListSearch.Shape shape : Arrays.asList(ListSearch.Shape.COLLECT, ListSearch.Shape.WALK, null)) {
                ListSearch.forced = shape;
                found.put(String.valueOf(shape), db.as(user, () -> all(page -> db.store.list(query(Map.of("q", q)),
                        new PageRequest(2, page.cursor())))).stream().map(Customer::name).toList());
            }
        } finally {
            ListSearch.forced = null;
        }
        assertThat(found.values()).as(q + " " + found).allSatisfy(names -> assertThat(names)
                .isEqualTo(found.get("COLLECT")));
        return found.get("COLLECT");
    }

    /**
     * Every search index keeps a short pending list: a search reads the whole list, whatever it looks for, and
     * PostgreSQL's default (4 MB) cost a search at a million customers 7-9 ms after some thousand creates.
     */
    @OnEveryDatabase
    void theSearchIndexesKeepShortPendingLists(CustomerFixture db) {
        assumeTrue(db.isPostgres(), "GIN indexes are PostgreSQL's");
        EntityManager em = db.factory.createEntityManager();
        try {
            List<?> indexes = em.createNativeQuery("SELECT i.relname, COALESCE(CAST(i.reloptions AS text), '')"
                    + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam"
                    + " WHERE a.amname = 'gin' AND x.indrelid IN (to_regclass('core_customer'),"
                    + " to_regclass('core_contact'), to_regclass('core_contact_email'), to_regclass('core_lead'))")
                    .getResultList();
            assertThat(indexes).extracting(row -> ((Object[]) row)[0].toString())
                    .contains("core_customer_name_bigram", "core_customer_contact_bigram", "core_lead_name_bigram");
            assertThat(indexes).allSatisfy(row -> assertThat(((Object[]) row)[1].toString())
                    .as(((Object[]) row)[0].toString()).contains("gin_pending_list_limit=1024"));
        } finally {
            em.close();
        }
    }

    @OnEveryDatabase
    void thePairsOfCharactersOfAText(CustomerFixture db) {
        assumeTrue(db.isPostgres(), "core_bigrams is PostgreSQL's");
        EntityManager em = db.factory.createEntityManager();
        try {
            assertThat(pairs(em, "广州正源")).containsExactly("广州", "州正", "正源");
            assertThat(pairs(em, "a b")).containsExactly("a ", " b");
            assertThat(pairs(em, "正")).isEmpty();
            assertThat(pairs(em, "")).isEmpty();
        } finally {
            em.close();
        }
    }

    private static List<String> pairs(EntityManager em, String text) {
        Object array = em.createNativeQuery("SELECT CAST(core_bigrams(?) AS varchar) ").setParameter(1, text)
                .getSingleResult();
        String value = array.toString();
        String inner = value.substring(1, value.length() - 1);
        List<String> pairs = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String pair : inner.split(",")) {
                pairs.add(pair.startsWith("\"") ? pair.substring(1, pair.length() - 1) : pair);
            }
        }
        return pairs;
    }

    private static String setting(EntityManager em, String name) {
        return (String) em.createNativeQuery("SELECT current_setting(?)").setParameter(1, name).getSingleResult();
    }

    private static ListSearch.Shape shape(CustomerFixture db, String q) {
        EntityManager em = db.factory.createEntityManager();
        try {
            return new ListSearch(CustomerQuery.SEARCHED, "c", q, new HashMap<>(), em).shape(em);
        } finally {
            em.close();
        }
    }

    private static List<String> search(CustomerFixture db, TestUser user, String q) {
        return db.as(user, () -> db.store.list(query(Map.of("q", q)), CustomerFixture.page(50))).items().stream()
                .map(Customer::name).toList();
    }
}
