package io.relata.core.customers.customer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Query;

/**
 * How a search {@code q=} reads the tables. Two shapes find the same customers:
 * <ul>
 * <li><b>collect</b>: each searched column's index gives the ids that contain the text (pg_trgm for three letters or
 *     digits in a row; on PostgreSQL, {@code core_bigrams} for shorter text), then those customers are read by
 *     primary key and ordered. Its cost grows with the number of matches.</li>
 * <li><b>walk</b>: the list's own order (an index), each customer checked as it comes, until the page is full. Its
 *     cost grows with the customers passed over, so it falls as matches get more common.</li>
 * </ul>
 * PostgreSQL cannot switch between the two while running one statement: a broad search ({@code 有限公司}, a third of
 * all customers) collected hundreds of thousands of ids to show 50, and a rare one walked every row. So on
 * PostgreSQL a probe first counts what the indexes find, up to a bound, and the search collects below the bound and
 * walks at or above it. H2 keeps the rule of old (collect when pg_trgm could serve it, else walk): it is the small,
 * embedded database, and its plans do not depend on this.
 */
final class CustomerSearch {

    enum Shape { COLLECT, WALK }

    /**
     * The probe's bound is {@code max(floor, 12 * sqrt(customers))}: collecting costs about three page reads per id
     * found (the index's recheck, the primary key, the row) and walking about ten per customer passed (the row, its
     * contacts through their index), and a page of 50 passes {@code 50 * customers / matches} of them; the two meet
     * near {@code sqrt(140 * customers)} (12,000 at a million customers). The floor keeps small tables collecting,
     * where either shape is cheap. Not final: tests lower it to see both shapes on a handful of rows.
     */
    static volatile int floor = 500;

    /** Set by tests to check that both shapes give the same customers; {@code null} lets the probe decide. */
    static volatile Shape forced;

    /** Whether the database has {@code core_bigrams} (PostgreSQL, change set 13), per persistence unit. */
    private static final Map<EntityManagerFactory, Boolean> BIGRAMS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code ESCAPE '\'} inside {@code SQL('...')}, whose text is a JPQL string: quotes doubled. */
    private static final String ESCAPE = " ESCAPE ''\\''";

    private final String alias;
    private final String text;
    private final boolean phone;
    private final boolean trigrams;
    private final boolean bigrams;
    /** PostgreSQL with {@code core_bigrams}: the probe, the array and the fenced walk apply. */
    private final boolean postgres;

    /**
     * @param alias      the customer's JPQL alias
     * @param normalised the search text as the keys are written ({@link Normalise#query})
     * @param phone      whether the text has three digits or more, searched in the phone numbers too
     */
    CustomerSearch(String alias, String normalised, boolean phone, EntityManager em) {
        this.alias = alias;
        this.text = normalised;
        this.phone = phone;
        this.trigrams = CustomerQuery.indexable(normalised);
        this.postgres = hasBigrams(em);
        this.bigrams = postgres && !trigrams && normalised.codePointCount(0, normalised.length()) >= 2;
    }

    /**
     * The JPQL condition. {@code parameters} holds {@code :q} (the {@code LIKE} pattern) and, for three digits or
     * more, {@code :qDigits} (the phone pattern); {@code :qText} (the text, for its pairs) is added when the
     * condition uses it.
     */
    String condition(EntityManager em, Map<String, Object> parameters) {
        if (shape(em, parameters) == Shape.WALK) {
            return walk();
        }
        if (bigrams) {
            parameters.put("qText", text);
        }
        return alias + ".id = " + collect();
    }

    Shape shape(EntityManager em, Map<String, Object> parameters) {
        if (forced != null) {
            return forced;
        }
        if (!postgres) {
            return trigrams ? Shape.COLLECT : Shape.WALK;
        }
        if (!trigrams && !bigrams) {
            return Shape.WALK; // one character: no index can help, and the walk at least stops
        }
        return probe(em, parameters) ? Shape.WALK : Shape.COLLECT;
    }

    /**
     * Whether the search is broad: the indexes find at least the bound's worth of rows, counted per column and
     * added up (a customer found by name and e-mail counts twice, as collecting reads it twice). Each arm stops at
     * the bound, so a broad column costs a short sequential read (the planner sees the {@code LIMIT} and the
     * pattern's frequency) and a rare one its index.
     */
    private boolean probe(EntityManager em, Map<String, Object> parameters) {
        List<String> arms = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String[] arm : arms()) {
            StringBuilder where = new StringBuilder(arm[2]);
            if (arm[1].equals("phone_key")) {
                where.append("phone_key LIKE ? ESCAPE '\\'");
                values.add(parameters.get("qDigits"));
            } else {
                where.append(bigrams ? pairs(arm[1], "''") : arm[1]).append(" LIKE ? ESCAPE '\\'");
                if (bigrams) {
                    values.add(text);
                }
                values.add(parameters.get("q"));
            }
            arms.add("(SELECT 1 FROM " + arm[0] + " WHERE " + where + " LIMIT (SELECT k FROM bound))");
        }
        Query probe = em.createNativeQuery("WITH bound AS (SELECT CAST(GREATEST(" + floor + ", 12 * SQRT(GREATEST("
                + "reltuples, 0))) AS INTEGER) AS k FROM pg_class WHERE oid = to_regclass('core_customer'))"
                + " SELECT (SELECT k FROM bound), COUNT(*) FROM (" + String.join(" UNION ALL ", arms)
                + " LIMIT (SELECT k FROM bound)) hits");
        for (int i = 0; i < values.size(); i++) {
            probe.setParameter(i + 1, values.get(i));
        }
        Object[] row = (Object[]) probe.getSingleResult();
        return row[0] != null && ((Number) row[1]).longValue() >= ((Number) row[0]).longValue();
    }

    /** Table, column, and the condition before the search's own, of each place the text is looked for. */
    private List<String[]> arms() {
        List<String[]> arms = new ArrayList<>(List.of(new String[] {"core_customer", "name_key", ""},
                new String[] {"core_customer", "email_key", ""},
                new String[] {"core_contact", "name_key", "deleted_at IS NULL AND "}));
        if (phone) {
            arms.add(new String[] {"core_customer", "phone_key", ""});
        }
        return arms;
    }

    /**
     * The pairs' condition on a column, and the column for the {@code LIKE} that follows, written {@code (column ||
     * '')} so that only the pairs' index can serve it: after a few runs of one statement PostgreSQL may plan it once
     * for any value (a generic plan), and that plan combined the trigram index with the pairs', reading the whole
     * trigram index for a text it has no trigram of.
     *
     * @param empty the empty string literal: {@code ''}, or {@code ''''} inside {@code SQL('...')}
     */
    private static String pairs(String column, String empty) {
        return "core_bigrams(" + column + ") @> core_bigrams(?) AND (" + column + " || " + empty + ")";
    }

    /**
     * {@code = ANY (...)} over the ids the indexes find, one {@code UNION} arm per column so that each is a plain
     * condition on one indexed column (an {@code OR} across them, or across the contact's table, made PostgreSQL
     * read every row). On PostgreSQL the ids are gathered into an array first, so the customers are always read by
     * primary key: as a subquery, a high row estimate for a {@code LIKE} turned it into a read of the whole table
     * and a hash join. JPQL has no {@code UNION} in subqueries, hence EclipseLink's {@code SQL()}, the values still
     * bound as parameters.
     */
    private String collect() {
        List<String> selects = new ArrayList<>();
        StringBuilder arguments = new StringBuilder();
        for (String[] arm : arms()) {
            String id = arm[0].equals("core_contact") ? "customer_id" : "id";
            StringBuilder select = new StringBuilder("SELECT " + id + " FROM " + arm[0] + " WHERE " + arm[2]);
            if (arm[1].equals("phone_key")) {
                select.append("phone_key LIKE ?").append(ESCAPE);
                arguments.append(", :qDigits");
            } else {
                select.append(bigrams ? pairs(arm[1], "''''") : arm[1]).append(" LIKE ?").append(ESCAPE);
                arguments.append(bigrams ? ", :qText, :q" : ", :q");
            }
            selects.add(select.toString());
        }
        String union = String.join(" UNION ", selects);
        String sql = postgres ? "ANY (ARRAY(" + union + "))" : "ANY (" + union + ")";
        return "SQL('" + sql + "'" + arguments + ")";
    }

    /**
     * Every customer in the list's order checked as it comes. On PostgreSQL the contact check carries
     * {@code OFFSET 0}: without it PostgreSQL may turn the correlated {@code EXISTS} into one hashed subplan, that
     * is, find every contact that matches before the first customer is read, which for a two-character text meant
     * reading all contacts.
     */
    private String walk() {
        StringBuilder search = new StringBuilder("(" + alias + ".nameKey LIKE :q ESCAPE '\\' OR " + alias
                + ".emailKey LIKE :q ESCAPE '\\' OR ");
        if (postgres) {
            // k has no id column of its own: EclipseLink may write the customer's id without a table alias
            search.append("SQL('EXISTS (SELECT 1 FROM (SELECT customer_id, deleted_at, name_key FROM core_contact) k"
                    + " WHERE k.customer_id = ? AND k.deleted_at IS NULL AND k.name_key LIKE ?").append(ESCAPE)
                    .append(" OFFSET 0)', ").append(alias).append(".id, :q)");
        } else {
            search.append("EXISTS (SELECT k.id FROM ContactEntity k WHERE k.customerId = ").append(alias)
                    .append(".id AND k.deletedAt IS NULL AND k.nameKey LIKE :q ESCAPE '\\')");
        }
        if (phone) {
            search.append(" OR ").append(alias).append(".phoneKey LIKE :qDigits ESCAPE '\\'");
        }
        return search.append(")").toString();
    }

    private static boolean hasBigrams(EntityManager em) {
        EntityManagerFactory factory = em.getEntityManagerFactory();
        Boolean known = BIGRAMS.get(factory);
        if (known == null) {
            // a query both databases answer, rather than the driver's name: the function is what the search needs
            Number found = (Number) em.createNativeQuery("SELECT COUNT(*) FROM information_schema.routines"
                    + " WHERE routine_name = 'core_bigrams' AND routine_schema = CURRENT_SCHEMA").getSingleResult();
            known = found.intValue() > 0;
            BIGRAMS.put(factory, known);
        }
        return known;
    }
}
