package io.relata.core.customers.customer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Query;

/**
 * How a list's search {@code q=} reads the tables; the customer list and the lead list each describe theirs as a
 * {@link Target}. Two shapes find the same rows:
 * <ul>
 * <li><b>collect</b>: each searched column's index gives the ids that contain the text (pg_trgm for three letters or
 *     digits in a row; on PostgreSQL, {@code core_bigrams} for shorter text), then those rows are read by primary
 *     key and ordered. Its cost grows with the number of matches.</li>
 * <li><b>walk</b>: the list's own order (an index), each row checked as it comes, until the page is full. Its cost
 *     grows with the rows passed over, so it falls as matches get more common.</li>
 * </ul>
 * PostgreSQL cannot switch between the two while running one statement: a broad search ({@code 有限公司}, a third of
 * all customers) collected hundreds of thousands of ids to show 50, and a rare one walked every row. So on
 * PostgreSQL a probe first counts what the indexes find, up to a bound, and the search collects below the bound and
 * walks at or above it. H2 keeps the rule of old (collect when pg_trgm could serve it, else walk): it is the small,
 * embedded database, and its plans do not depend on this.
 * <p>
 * On PostgreSQL a search runs without parallel workers, and the first page of a search that collects many rows
 * reads only the first of them in the list's order ({@link #condition(EntityManager, Order)}).
 */
public final class ListSearch {

    public enum Shape { COLLECT, WALK }

    /**
     * A text column of the list's own table.
     *
     * @param name      its SQL name
     * @param attribute its JPQL attribute, or {@code null} where the entity does not map the column (the customers'
     *                  contact names: kept by the contacts' writes, never read with the customer)
     */
    public record Column(String name, String attribute) {
    }

    /**
     * What a list searches: columns of one table. Every text column must have a pg_trgm index and a
     * {@code core_bigrams} index on PostgreSQL, and the phone column a pg_trgm index, or collecting reads the whole
     * table.
     *
     * @param table    the list's SQL table (its primary key is {@code id})
     * @param columns  its text columns, compared with the text as the keys are written ({@link Normalise#query})
     * @param phone    its column of phone digits, searched when the text has three digits or more
     * @param bound    the probe's bound per square root of the table's rows: where collecting and walking cost the
     *                 same. Collecting costs {@code c} page reads per id found, walking {@code w} per row passed, and
     *                 a page of 50 passes {@code 50 * rows / matches} rows, so the two meet at {@code sqrt(50 * w / c)
     *                 * sqrt(rows)} matches
     */
    public record Target(String table, List<Column> columns, Column phone, int bound) {
    }

    /**
     * The order of a list's first page, for a search that collects many rows ({@link #condition(EntityManager,
     * Order)}).
     *
     * @param column     the SQL column the list is ordered by, then by {@code id} in the same direction
     * @param descending whether the order is descending
     * @param wanted     the rows the page reads: its size and one more, to know whether a next page exists
     */
    public record Order(String column, boolean descending, int wanted) {
    }

    /**
     * The probe's bound is {@code max(floor, bound * sqrt(rows))} ({@link Target#bound}). The floor keeps small
     * tables collecting, where either shape is cheap. Not final: tests lower it to see both shapes on a handful of
     * rows.
     */
    public static volatile int floor = 500;

    /**
     * From this many rows in the list's table, the probe counts exactly only up to a thirty-second of its bound,
     * and past that estimates from a sample ({@link #sampledMatches}). Not final: tests lower it to see the sample
     * decide.
     */
    public static volatile int sampledFrom = 200_000;

    /**
     * Rows a sample reads, about: 60 matches at the customers' bound at a million rows (1.2 %), so an estimate near
     * the bound is off by an eighth or so, where the two shapes cost about the same.
     */
    private static final int SAMPLE_ROWS = 5_000;

    /** Set by tests to check that both shapes give the same rows; {@code null} lets the probe decide. */
    public static volatile Shape forced;

    /**
     * How many times the rows a page wants the first of the collected rows are: the list's other filters drop some,
     * and a row found in two columns comes twice ({@link #condition(EntityManager, Order)}).
     */
    private static final int FIRST_SPARE = 4;

    /** Whether the database has {@code core_bigrams} (PostgreSQL, change set 13), per persistence unit. */
    private static final Map<EntityManagerFactory, Boolean> BIGRAMS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code ESCAPE '\'} inside {@code SQL('...')}, whose text is a JPQL string: quotes doubled. */
    private static final String ESCAPE = " ESCAPE ''\\''";

    /** A column the text is looked for in: a text column, or the phone digits. */
    private record Arm(String column, boolean digits) {
    }

    private final Target target;
    private final String alias;
    private final String text;
    private final boolean phone;
    private final boolean trigrams;
    private final boolean bigrams;
    /** PostgreSQL with {@code core_bigrams}: the probe, the array and the fenced walk apply. */
    private final boolean postgres;
    private final Map<String, Object> parameters;
    /** The shape decided, and the probe's estimate of the matches (negative where no probe counted). */
    private Shape decided;
    private double estimate = -1;
    private boolean firstOnly;

    /**
     * Puts the search's values into {@code parameters}: {@code :q} (the {@code LIKE} pattern), for three digits or
     * more {@code :qDigits} (the phone pattern), and {@code :qText} (the text, for its pairs) when the condition
     * uses it.
     *
     * @param alias the list row's JPQL alias
     * @param q     the search text as the user wrote it
     */
    public ListSearch(Target target, String alias, String q, Map<String, Object> parameters, EntityManager em) {
        this.target = target;
        this.alias = alias;
        this.text = Normalise.query(q);
        this.parameters = parameters;
        String digits = Normalise.phone(q);
        this.phone = target.phone() != null && digits != null && digits.length() >= 3;
        parameters.put("q", "%" + Writes.escapeLike(text) + "%");
        if (phone) {
            parameters.put("qDigits", "%" + digits + "%");
        }
        this.trigrams = indexable(text);
        this.postgres = hasBigrams(em);
        this.bigrams = postgres && !trigrams && text.codePointCount(0, text.length()) >= 2;
    }

    /** The JPQL condition, with its values in the parameters given to the constructor. */
    public String condition(EntityManager em) {
        return condition(em, null);
    }

    /**
     * The JPQL condition; for the first page of a search that collects, on PostgreSQL, one that may keep only the
     * first of the rows found. Collecting reads every row found to order them: 12,700 rows for {@code ine} at a
     * million customers, of which a first page shows 50. Keeping the places of only the first {@link #FIRST_SPARE}
     * times the page's rows in the list's order (the order's column and the id come with each row found) spares
     * reading the others a second time, a third of such a search. The rows kept are the first of all rows found, so
     * when the list's other conditions leave a page's worth of them, that page is the list's first; when they do
     * not ({@link #firstOnly}), the caller runs the list again with {@code condition(em, null)}, which reuses the
     * probe's decision.
     *
     * @param first the order of the list's first page, or {@code null} (a later page, or no such shortcut)
     */
    public String condition(EntityManager em, Order first) {
        firstOnly = false;
        if (shape(em) == Shape.WALK) {
            return walk();
        }
        if (bigrams) {
            parameters.put("qText", text);
        }
        firstOnly = first != null && postgres && estimate > FIRST_SPARE * first.wanted();
        return collect(firstOnly ? first : null);
    }

    /**
     * Whether the last {@link #condition(EntityManager, Order)} kept only the first rows found: a list that gets
     * fewer rows than it wanted from it must run again with the whole search.
     */
    public boolean firstOnly() {
        return firstOnly;
    }

    /**
     * Where the last {@link #condition(EntityManager, Order)} kept only the first rows found, the list's conditions
     * joined again with this search keeping them all; else {@code null}.
     *
     * @param conditions the list's conditions, this search's first
     */
    public String whole(EntityManager em, List<String> conditions) {
        if (!firstOnly) {
            return null;
        }
        List<String> all = new ArrayList<>(conditions);
        all.set(0, condition(em, null));
        return String.join(" AND ", all);
    }

    public Shape shape(EntityManager em) {
        if (decided == null) {
            decided = decide(em);
        }
        return decided;
    }

    private Shape decide(EntityManager em) {
        if (forced != null) {
            return forced;
        }
        if (!postgres) {
            return trigrams ? Shape.COLLECT : Shape.WALK;
        }
        serial(em);
        if (!trigrams && !bigrams) {
            return Shape.WALK; // one character: no index can help, and the walk at least stops
        }
        return probe(em) ? Shape.WALK : Shape.COLLECT;
    }

    /**
     * No parallel workers for the rest of the caller's transaction (the probe, the list, its second run). PostgreSQL
     * planned some searches with workers, one per collecting arm; starting them cost 30-40 ms on a two-core machine
     * (each worker a new process that maps the shared buffers it reads), for arms that ran in 1-3 ms: a person's
     * name 3,800 customers have took 52-56 ms so, 12 ms without. Outside a transaction it lasts the one statement,
     * so a list that searches runs in one.
     */
    private static void serial(EntityManager em) {
        em.createNativeQuery("SELECT set_config('max_parallel_workers_per_gather', '0', true)").getSingleResult();
    }

    /**
     * Whether PostgreSQL's trigram indexes can answer a {@code LIKE '%text%'}: only with a run of three letters
     * or digits, from which a trigram can be taken. Shorter text (two Chinese characters, for one) cannot use
     * them: on PostgreSQL they are looked up by their pairs of characters instead.
     */
    static boolean indexable(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            run = Character.isLetterOrDigit(c) ? run + 1 : 0;
            if (run >= 3) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }

    /**
     * Whether the search is broad: the indexes find at least the bound's worth of rows, counted per column and
     * added up (a row found by name and e-mail counts twice, as collecting reads it twice); the count, or the
     * sample's estimate, stays in {@link #estimate} for {@link #condition(EntityManager, Order)}. Each arm stops at
     * the bound, so a broad column costs a short sequential read (the planner sees the {@code LIMIT} and the pattern's
     * frequency) and a rare one its index. That needs a plan made for the text at hand, which a prepared statement
     * run a few times stops getting: PostgreSQL then plans it once for any text, and that plan read the whole
     * trigram index of a broad column (520,000 entries for {@code 有限公司} at a million leads). So the probe runs
     * through {@code core_execute_fresh_number} (change set 21; 16's {@code core_execute_fresh} answered a boolean),
     * whose {@code EXECUTE ... USING} plans it for its values every time; the values reach it as {@code $1[n]},
     * never in the statement's text.
     * <p>
     * On a large table ({@link #sampledFrom}) counting up to the bound cost about what the search it decided did:
     * 22 ms of the 29 ms of {@code ana} at a million customers, 12,000 rows read a page each. There the count stops
     * at a thirty-second of the bound (375 rows for the customers at a million), and a text found less often is
     * collected as before; past it, a sample decides ({@link #sampledMatches}), in 2–3 ms. Near the bound the two
     * shapes cost about the same, so where the sample is wrong by some percent it costs little.
     */
    private boolean probe(EntityManager em) {
        double listed = tableRows(em);
        int k = (int) Math.max(floor, target.bound() * Math.sqrt(listed));
        boolean sample = listed >= sampledFrom;
        int counted = sample ? Math.max(k / 32, 1) : k;
        List<String> selects = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Arm arm : arms()) {
            // the id, not a constant: with only the searched column in play, PostgreSQL read a broad arm through
            // that column's B-tree (index only), in the column's order, where the matches may all come last (有限公司
            // after every Latin company name: 290,000 entries read for 12,000 matches, against 12,000 rows or so
            // read in the table's order)
            selects.add("(SELECT id FROM " + target.table() + " WHERE " + freshCondition(arm, values) + " LIMIT "
                    + counted + ")");
        }
        String count = "(SELECT COUNT(*) FROM (" + String.join(" UNION ALL ", selects) + " LIMIT " + counted
                + ") hits)";
        String query = sample ? "SELECT CASE WHEN " + count + " < " + counted + " THEN " + count + " ELSE "
                + sampledMatches(values, listed) + " END" : "SELECT " + count;
        estimate = executeFresh(em, query, values);
        return estimate >= k;
    }

    /**
     * The rows of the list's table, as PostgreSQL last estimated them ({@code reltuples}, 0 for a table never
     * analysed). The probe writes the numbers it derives from them into its statement, so that the planner sees its
     * limits: given as a subquery, an unknown limit made PostgreSQL build a broad column's whole bitmap (40,000
     * entries for {@code ana}) to count 1,500 rows.
     */
    private double tableRows(EntityManager em) {
        List<?> found = em.createNativeQuery("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = to_regclass('"
                + target.table() + "')").getResultList();
        return found.isEmpty() ? 0 : ((Number) found.get(0)).doubleValue();
    }

    /**
     * The matches the arms would find, estimated from a sample of about {@link #SAMPLE_ROWS} rows of the table
     * (whole pages, {@code TABLESAMPLE SYSTEM}, the same pages every time): each arm's matches in the sample,
     * scaled by the share of the table sampled. The sample checks the plain {@code LIKE}: no index helps it, and
     * the pairs' function costs microseconds a row.
     */
    private String sampledMatches(List<Object> values, double rows) {
        List<String> counts = new ArrayList<>();
        for (Arm arm : arms()) {
            values.add(parameters.get(arm.digits() ? "qDigits" : "q"));
            counts.add("COUNT(*) FILTER (WHERE " + arm.column() + " LIKE $1[" + values.size() + "] ESCAPE '\\')");
        }
        String share = String.format(Locale.ROOT, "%.4f", Math.min(100, 100.0 * SAMPLE_ROWS / Math.max(rows, 1)));
        return "(SELECT (" + String.join(" + ", counts) + ") * 100.0 / " + share + " FROM " + target.table()
                + " TABLESAMPLE SYSTEM (" + share + ") REPEATABLE (0))";
    }

    /** An arm's condition for {@link #executeFresh}: its values added to {@code values}, referred to as $1[n]. */
    private String freshCondition(Arm arm, List<Object> values) {
        StringBuilder where = new StringBuilder();
        if (arm.digits()) {
            values.add(parameters.get("qDigits"));
            where.append(arm.column());
        } else {
            if (bigrams) {
                values.add(text);
                where.append(pairs(arm.column(), "''", "$1[" + values.size() + "]"));
            } else {
                where.append(arm.column());
            }
            values.add(parameters.get("q"));
        }
        return where.append(" LIKE $1[").append(values.size()).append("] ESCAPE '\\'").toString();
    }

    /**
     * Runs a query answering one number through {@code core_execute_fresh_number} (change set 21): planned for these
     * values.
     */
    private static double executeFresh(EntityManager em, String query, List<Object> values) {
        Query fresh = em.createNativeQuery("SELECT core_execute_fresh_number(?" + ", ?".repeat(values.size()) + ")");
        fresh.setParameter(1, query);
        for (int i = 0; i < values.size(); i++) {
            fresh.setParameter(i + 2, values.get(i));
        }
        Object answer = fresh.getSingleResult();
        return answer == null ? 0 : ((Number) answer).doubleValue();
    }

    /** Each column the text is looked for in: the text columns, then the phone digits. */
    private List<Arm> arms() {
        List<Arm> arms = new ArrayList<>();
        for (Column column : target.columns()) {
            arms.add(new Arm(column.name(), false));
        }
        if (phone) {
            arms.add(new Arm(target.phone().name(), true));
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
     * @param text  where the search text goes: a parameter marker
     */
    private static String pairs(String column, String empty, String text) {
        return "core_bigrams(" + column + ") @> core_bigrams(" + text + ") AND (" + column + " || " + empty + ")";
    }

    /**
     * The rows the indexes find, one {@code UNION} arm per column so that each is a plain condition on one indexed
     * column (an {@code OR} across them made PostgreSQL read every row). JPQL has
     * no {@code UNION} in subqueries, hence EclipseLink's {@code SQL()}, the values still bound as parameters.
     * <p>
     * On PostgreSQL the arms gather the rows' places in the table ({@code ctid}) into an array, and the list reads
     * those places directly (a TID scan): reading them by primary key instead cost four or five index pages a row
     * on top of the row's own, 60 % of a search collecting 3,000 customers at a million. The array, not a subquery:
     * as a subquery, a high row estimate for a {@code LIKE} turned it into a read of the whole table and a hash join. A
     * place holds for the statement that read it, as the array and the list are one statement.
     * {@code ctid} is written without the list's alias, which EclipseLink may leave out: the list's own table is
     * the only one in its {@code FROM} (the tags come in a query of their own).
     */
    private String collect(Order first) {
        List<String> selects = new ArrayList<>();
        StringBuilder arguments = new StringBuilder();
        for (Arm arm : arms()) {
            StringBuilder where = new StringBuilder();
            if (arm.digits()) {
                where.append(arm.column()).append(" LIKE ?").append(ESCAPE);
                arguments.append(", :qDigits");
            } else {
                where.append(bigrams ? pairs(arm.column(), "''''", "?") : arm.column()).append(" LIKE ?")
                        .append(ESCAPE);
                arguments.append(bigrams ? ", :qText, :q" : ", :q");
            }
            // OFFSET 0: each arm planned on its own, never as a walk of the order's index merged with the others
            selects.add(first == null
                    ? "SELECT " + (postgres ? "ctid" : "id") + " FROM " + target.table() + " WHERE " + where
                    : "(SELECT ctid, " + first.column() + " AS k, id FROM " + target.table() + " WHERE " + where
                            + " AND deleted_at IS NULL OFFSET 0)");
        }
        String found = String.join(" UNION ALL ", selects);
        if (first != null) {
            String direction = first.descending() ? " DESC" : " ASC";
            found = "SELECT ctid FROM (" + found + ") found ORDER BY k" + direction + ", id" + direction + " LIMIT "
                    + FIRST_SPARE * first.wanted();
        }
        // UNION ALL on PostgreSQL: the TID scan sorts the places and drops the repeated ones itself (collecting
        // 3,800 customers took 17-22 ms so, against 25-27 ms with the UNION's own)
        return postgres ? "SQL('ctid = ANY (ARRAY(" + found + "))'" + arguments + ")"
                : alias + ".id = SQL('ANY (" + String.join(" UNION ", selects) + ")'" + arguments + ")";
    }

    /**
     * Every row in the list's order checked as it comes. A column the entity does not map is named in SQL, without
     * the list's alias, as {@link #collect} names {@code ctid}.
     */
    private String walk() {
        List<String> checks = new ArrayList<>();
        for (Column column : target.columns()) {
            checks.add(column.attribute() != null ? alias + "." + column.attribute() + " LIKE :q ESCAPE '\\'"
                    : "SQL('" + column.name() + " LIKE ?" + ESCAPE + "', :q)");
        }
        if (phone) {
            checks.add(alias + "." + target.phone().attribute() + " LIKE :qDigits ESCAPE '\\'");
        }
        return "(" + String.join(" OR ", checks) + ")";
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
