package io.relata.core.customers.lead;

import static io.relata.core.customers.customer.CustomerFixture.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import org.apache.aries.jpa.template.TransactionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadStatus;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.customer.ListSearch;

/**
 * The lead list's search reads the tables as the customer list's does ({@link ListSearch}): collecting the ids the
 * indexes find, or walking the list in order. Whichever a search takes, the leads, their order and what the caller
 * may see must be the same.
 */
class LeadSearchTest {

    private static final List<String> SEARCHES = List.of("正源", "张伟", "伟 张", "有限公司", "正", "kestrel",
            "KESTREL.EX", "zhengyuan", "5377-2020", "2020", "e_j", "%", "a", "ke", "nothing like it");

    private static final List<Map<String, String>> ORDERS_AND_FILTERS = List.of(Map.of(), Map.of("sort", "name"),
            Map.of("sort", "-name"), Map.of("sort", "createdAt"), Map.of("status", "NEW"), Map.of("owner", "me"),
            Map.of("open", "true", "sort", "-updatedAt"));

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    @AfterEach
    void decideAgain() {
        ListSearch.forced = null;
        ListSearch.floor = 500;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void collectingAndWalkingFindTheSameLeadsPageByPageInEveryOrder(CustomerFixture db) {
        LeadStore leads = LeadFixture.leads(db);
        TestUser ada = rep(db, "ada");
        TestUser bob = rep(db, "bob");
        TestUser boss = db.user("boss", Set.of("leads:*"), DataScope.all());
        db.as(ada, () -> {
            leads.create(lead("伟", "张", "广州正源贸易有限公司", "zy@zhengyuan.example", null, "ada"), true);
            leads.create(lead("芳", "王", "深圳正源科技有限公司", null, null, "ada"), true);
            leads.create(lead("Kim", "Kestrel", "Alpha", null, null, "ada"), true);
            // another status than NEW, so that the filters split the leads
            leads.create(lead("Ann", "Lee", null, "buyer@kestrel.example", null, "ada").withStatus(LeadStatus.WORKING),
                    true);
            leads.create(lead("Ana", "Lopez", "Beta", null, "+86 10 5377 2020", "ada"), true);
            leads.create(lead(null, null, "100% Pure_Juice", null, null, "ada"), true);
            leads.create(lead(null, null, "正", null, null, "ada"), true);
            leads.create(lead("Ke", "Pool", "Delta 有限公司", null, null, null), true);
            Lead gone = leads.create(lead("伟", "张", "正源 Gone", null, null, "ada"), true);
            leads.delete(gone.id(), null);
        });
        db.as(bob, () -> leads.create(lead("杰", "张", "上海正源有限公司", null, null, "bob"), true));

        ListSearch.floor = 2; // so that the probe walks the searches with two matches or more here
        for (TestUser user : List.of(ada, boss)) {
            for (String q : SEARCHES) {
                for (Map<String, String> order : ORDERS_AND_FILTERS) {
                    Map<String, String> parameters = new HashMap<>(order);
                    parameters.put("q", q);
                    Map<String, List<String>> found = new LinkedHashMap<>();
                    for (ListSearch.Shape shape : Arrays.asList(ListSearch.Shape.COLLECT, ListSearch.Shape.WALK,
                            null)) {
                        ListSearch.forced = shape;
                        found.put(String.valueOf(shape), db.as(user, () -> all(page -> leads.list(
                                LeadQuery.parse(parameters), new PageRequest(2, page.cursor())))).stream()
                                .map(LeadSearchTest::label).toList());
                    }
                    assertThat(found.values()).as(user.id() + " " + parameters + " " + found).allSatisfy(labels ->
                            assertThat(labels).isEqualTo(found.get("COLLECT")));
                }
            }
        }

        ListSearch.forced = null;
        assertThat(labels(db, leads, ada, "正源")).as("not deleted, not another rep's")
                .containsExactlyInAnyOrder("广州正源贸易有限公司", "深圳正源科技有限公司");
        assertThat(labels(db, leads, boss, "正源")).containsExactlyInAnyOrder("广州正源贸易有限公司", "深圳正源科技有限公司",
                "上海正源有限公司");
        assertThat(labels(db, leads, ada, "张伟")).containsExactly("广州正源贸易有限公司");
        assertThat(labels(db, leads, ada, "伟 张")).as("the name in the other order").containsExactly("广州正源贸易有限公司");
        assertThat(labels(db, leads, ada, "有限公司")).as("the pool's lead too").containsExactlyInAnyOrder(
                "广州正源贸易有限公司", "深圳正源科技有限公司", "Delta 有限公司");
        assertThat(labels(db, leads, ada, "正")).containsExactlyInAnyOrder("广州正源贸易有限公司", "深圳正源科技有限公司", "正");
        assertThat(labels(db, leads, ada, "KESTREL.EX")).containsExactly("Ann Lee");
        assertThat(labels(db, leads, ada, "ke")).containsExactlyInAnyOrder("Alpha", "Ann Lee", "Delta 有限公司");
        assertThat(labels(db, leads, ada, "5377-2020")).containsExactly("Beta");
        assertThat(labels(db, leads, ada, "e_j")).containsExactly("100% Pure_Juice");
        assertThat(labels(db, leads, ada, "%")).containsExactly("100% Pure_Juice");
        assertThat(labels(db, leads, bob, "有限公司")).containsExactlyInAnyOrder("上海正源有限公司", "Delta 有限公司");
    }

    /**
     * On PostgreSQL the probe counts the lead table's matches (three here, the bound lowered to three); H2 keeps the
     * rule of old, and one character walks everywhere.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theShapeOfASearchFollowsHowCommonItIsOnPostgresqlAndTheTrigramRuleOnH2(CustomerFixture db) {
        LeadStore leads = LeadFixture.leads(db);
        TestUser ada = rep(db, "ada");
        db.as(ada, () -> List.of("广州正源有限公司", "深圳华信有限公司", "北京达通有限公司", "Kestrel").forEach(company ->
                leads.create(lead(null, null, company, null, null, "ada"), true)));
        ListSearch.floor = 3;
        ListSearch.Shape collect = ListSearch.Shape.COLLECT;
        ListSearch.Shape walk = ListSearch.Shape.WALK;
        Map<String, ListSearch.Shape> expected = db.isPostgres()
                ? Map.of("有限公司", walk, "正源", collect, "kestrel", collect, "正", walk)
                : Map.of("有限公司", collect, "正源", walk, "kestrel", collect, "正", walk);
        expected.forEach((q, shape) -> assertThat(shape(db, q)).as(q).isEqualTo(shape));
    }

    /**
     * The first page of a search that collects many leads keeps only the first found in the list's order, and runs
     * again with all of them when what the caller may see leaves too few: a rep who owns only old leads gets them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theFirstPageOfALargeCollectRunsAgainWhenTheScopeLeavesTooFew(CustomerFixture db) {
        assumeTrue(db.isPostgres(), "the probe's estimate is PostgreSQL's");
        LeadStore leads = LeadFixture.leads(db);
        TestUser ada = rep(db, "ada");
        TestUser boss = db.user("boss", Set.of("leads:*"), DataScope.all());
        db.jpa.tx(TransactionType.Required, em -> {
            // 1,000 leads, the first the most recently updated: Kestrel every fourth (250); ada's the oldest 100,
            // bob's the others
            em.createNativeQuery("INSERT INTO core_lead (id, first_name, last_name, name_key, company, company_key,"
                    + " owner_id, status, created_at, created_by, updated_at, updated_by, version)"
                    + " SELECT 'filler-' || i, n, 'Family', lower(n) || ' family', 'Company ' || i, 'company ' || i,"
                    + " CASE WHEN i > 900 THEN 'ada' ELSE 'bob' END, 'NEW', t, 'test', t, 'test', 0"
                    + " FROM (SELECT i, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + (1000 - i)"
                    + " * INTERVAL '1 second' AS t, CASE WHEN i % 4 = 0 THEN 'Kestrel' ELSE 'Given' END || i AS n"
                    + " FROM generate_series(1, 1000) AS i) named").executeUpdate();
            em.createNativeQuery("ANALYZE core_lead").executeUpdate();
        });
        for (TestUser user : List.of(ada, boss)) {
            Map<String, List<String>> found = new LinkedHashMap<>();
            for (ListSearch.Shape shape : Arrays.asList(ListSearch.Shape.COLLECT, null)) {
                ListSearch.forced = shape; // forced: no probe, no estimate, all the leads found
                found.put(String.valueOf(shape), db.as(user, () -> all(page -> leads.list(
                        LeadQuery.parse(Map.of("q", "kestrel")), new PageRequest(page.cursor() == null ? 10 : 200,
                                page.cursor())))).stream().map(LeadSearchTest::label).toList());
            }
            assertThat(found.get("null")).as(user.id()).isEqualTo(found.get("COLLECT"))
                    .hasSize(user == ada ? 25 : 250);
        }
    }

    /**
     * The statement that collects a two-character search, as the lead list sends it, is answered through the pairs'
     * indexes of the name, company and e-mail, and a phone search through the phone's trigram index: without them
     * it reads every lead. The leads found are then read by their place in the table.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void onPostgresqlCollectingGoesThroughTheIndexes(CustomerFixture db) {
        assumeTrue(db.isPostgres(), "the pairs' indexes are PostgreSQL's");
        EntityManager em = db.factory.createEntityManager();
        try {
            em.getTransaction().begin();
            // enough rows that an index is worth reading, all ANALYZEd
            em.createNativeQuery("INSERT INTO core_lead (id, first_name, last_name, name_key, company, company_key,"
                    + " email, phone, phone_key, status, created_at, created_by, updated_at, updated_by, version)"
                    + " SELECT 'filler-' || i, 'Given' || i, 'Family', 'given' || i || ' family', 'Company ' || i,"
                    + " 'company ' || i, 'lead' || i || '@example.com', '+49 30 ' || (1000000 + i),"
                    + " '4930' || (1000000 + i), 'NEW', CURRENT_TIMESTAMP, 'test', CURRENT_TIMESTAMP, 'test', 0"
                    + " FROM generate_series(1, 5000) AS i").executeUpdate();
            em.createNativeQuery("ANALYZE core_lead").executeUpdate();
            em.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
            ListSearch.forced = ListSearch.Shape.COLLECT;

            String pairs = explainCollect(em, "正源");
            assertThat(pairs).contains("core_lead_name_bigram", "core_lead_company_bigram", "core_lead_email_bigram")
                    .doesNotContain("_trgm");
            assertThat(pairs).as("the leads found are read where they lie, not by primary key")
                    .contains("Tid Scan on core_lead").doesNotContain("core_lead_pkey");
            assertThat(explainCollect(em, "5377-2020")).contains("core_lead_phone_trgm", "core_lead_name_trgm");
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
    }

    /** {@code EXPLAIN} of the SQL inside the collecting condition, with its values bound in order. */
    private static String explainCollect(EntityManager em, String q) {
        Map<String, Object> parameters = new HashMap<>();
        String condition = new ListSearch(LeadQuery.SEARCHED, "l", q, parameters, em).condition(em);
        Matcher sql = Pattern.compile("SQL\\('(.*)'((?:, :\\w+)*)\\)$").matcher(condition);
        assertThat(sql.find()).as(condition).isTrue();
        Query explain = em.createNativeQuery("EXPLAIN SELECT id FROM core_lead l WHERE "
                + sql.group(1).replace("''", "'"));
        String[] names = sql.group(2).split(", :");
        for (int i = 1; i < names.length; i++) {
            explain.setParameter(i, parameters.get(names[i]));
        }
        List<String> plan = new ArrayList<>();
        for (Object line : explain.getResultList()) {
            plan.add(String.valueOf(line));
        }
        return String.join("\n", plan);
    }

    private static ListSearch.Shape shape(CustomerFixture db, String q) {
        return db.jpa.txExpr(TransactionType.Supports,
                em -> new ListSearch(LeadQuery.SEARCHED, "l", q, new HashMap<>(), em).shape(em));
    }

    private static TestUser rep(CustomerFixture db, String id) {
        return db.user(id, Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of(id)));
    }

    private static LeadFields lead(String first, String last, String company, String email, String phone,
                                   String ownerId) {
        return new LeadFields(first, last, company, null, email, phone, null, null, null, null, LeadStatus.NEW, null,
                null, ownerId, null);
    }

    /** The company, or the name for a lead without one. */
    private static String label(Lead lead) {
        return lead.company() != null ? lead.company() : lead.firstName() + " " + lead.lastName();
    }

    private static List<String> labels(CustomerFixture db, LeadStore leads, TestUser user, String q) {
        return db.as(user, () -> leads.list(LeadQuery.parse(Map.of("q", q)), new PageRequest(50, null))).items()
                .stream().map(LeadSearchTest::label).toList();
    }
}
