package io.relata.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The data set: customers (companies with English and Chinese names, some persons) with contacts, their e-mail
 * addresses and phone numbers, generated from a seed (same seed and size, same rows) and loaded with PostgreSQL
 * {@code COPY} into the tables the distribution's migrations created. The search keys are computed exactly as
 * {@code io.relata.core.customers.customer.Normalise} does, so the rows look as if the application wrote them.
 * Secondary indexes are dropped for the load and re-created from their own definitions afterwards.
 */
final class DataSet {

    static final String[] TABLES = {"core_customer", "core_customer_tag", "core_contact", "core_contact_email",
        "core_contact_phone"};

    /** The columns each COPY fills; every NOT NULL column without a default must be among them (checked). */
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("core_customer", "id, kind, name, name_key, legal_name, industry, website, phone, phone_key, email,"
                + " email_key, street, city, region, postal_code, country, stage, owner_id, owner_since, currency,"
                + " created_at, created_by, updated_at, updated_by, version, contact_name_keys");
        COLUMNS.put("core_customer_tag", "customer_id, tag");
        COLUMNS.put("core_contact", "id, customer_id, first_name, last_name, name_key, title, birthday, birthday_md,"
                + " is_primary, do_not_contact, marketing_opt_out, created_at, created_by, updated_at, updated_by,"
                + " version");
        COLUMNS.put("core_contact_email", "contact_id, position, email");
        COLUMNS.put("core_contact_phone", "contact_id, position, phone, phone_key");
    }

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = 3L * 365 * 24 * 3600;

    private static final String[] SYLLABLES = {"ka", "lo", "ven", "tri", "mar", "zen", "qu", "ra", "dor", "fi", "nex",
        "sol", "bri", "ta", "mo", "vel", "cor", "ax", "li", "pen", "stra", "ul", "gra", "ion", "te", "vo", "ber", "sy",
        "ne", "ok"};
    private static final String[] NOUNS = {"Analytics", "Systems", "Logistics", "Foods", "Robotics", "Textiles",
        "Energy", "Health", "Labs", "Trading", "Media", "Partners", "Industries", "Software", "Motors", "Pharma"};
    private static final String[] SUFFIXES = {"Ltd", "GmbH", "Inc.", "LLC", "Co.", "AG", "plc", "S.A."};
    private static final String[] CITIES_CN = {"北京", "上海", "深圳", "杭州", "广州", "成都", "南京", "武汉", "苏州", "西安"};
    private static final String[] BRAND_CHARS = {"华", "信", "达", "鑫", "瑞", "博", "泰", "恒", "美", "德", "创", "联",
        "宏", "盛", "智", "远", "海", "天", "正", "新", "通", "安", "利", "源"};
    private static final String[] TRADES_CN = {"科技", "贸易", "实业", "网络", "医药", "物流", "电子", "食品", "咨询",
        "建设"};
    private static final String[] FAMILY_CN = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "欧阳", "司马"};
    private static final String[] GIVEN_CN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "娜娜", "秀英", "建国", "晓明",
        "丽", "强", "军", "杰"};
    private static final String[] GIVEN_EN = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Henry",
        "Iris", "Jonas", "Kate", "Liam", "Maya", "Noah", "Olivia", "Paul", "Rosa", "Sam", "Tara", "Victor"};
    private static final String[] FAMILY_EN = {"Smith", "Müller", "Garcia", "Rossi", "Dubois", "Novak", "Jensen",
        "Kowalski", "Okafor", "Tanaka", "Silva", "Brown", "Fischer", "Moreau", "Larsen"};
    private static final String[] STAGES = {"PROSPECT", "PROSPECT", "PROSPECT", "PROSPECT", "PROSPECT", "CUSTOMER",
        "CUSTOMER", "CUSTOMER", "CUSTOMER", "FORMER"};
    private static final String[] TAGS = {"vip", "partner", "key-account", "newsletter", "trade-fair-2025", "渠道"};
    private static final String[] COUNTRIES = {"CN", "CN", "CN", "US", "DE", "GB", "JP", "FR"};
    private static final String[] TITLES = {"CEO", "CTO", "Buyer", "Purchasing Manager", "采购经理", "总经理", null};

    /** What the load scenarios need to know about the rows. */
    record Summary(long customers, long contacts, long emails, long phones, long tags, List<String> sampleIds,
                   List<String> englishNames, List<String> chineseNames, List<String> chinesePersons,
                   double seconds) {
    }

    private final long rows;
    private final long seed;
    private final String userId;

    DataSet(long rows, long seed, String userId) {
        this.rows = rows;
        this.seed = seed;
        this.userId = userId;
    }

    /** Same as {@code Normalise.name}: NFKC, trimmed, runs of white space as one space, lower case. */
    static String nameKey(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
        return folded.toLowerCase(Locale.ROOT);
    }

    /** Same as {@code Normalise.personName}. */
    static String personKey(String given, String family) {
        String first = given == null ? "" : given;
        String last = family == null ? "" : family;
        return nameKey((first + " " + last).strip()) + " / " + nameKey((last + " " + first).strip()) + " / "
                + nameKey(last + first);
    }

    static String digits(String phone) {
        String digits = Normalizer.normalize(phone, Normalizer.Form.NFKC).replaceAll("[^0-9]", "");
        return digits.isEmpty() ? null : digits;
    }

    /** Fails when a migration added a NOT NULL column (without a default) that this loader does not fill. */
    static void checkColumns(Connection db) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            Set<String> filled = new TreeSet<>();
            for (String column : COLUMNS.get(table).split(",")) {
                filled.add(column.trim());
            }
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                            + " AND table_name = '" + table + "' AND is_nullable = 'NO' AND column_default IS NULL")) {
                while (r.next()) {
                    if (!filled.contains(r.getString(1))) {
                        missing.add(table + "." + r.getString(1));
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the data set does not fill these NOT NULL columns (a new migration?): "
                    + missing + " - update bench DataSet.COLUMNS");
        }
    }

    Summary load(String url, String user, String password) throws Exception {
        long started = System.nanoTime();
        List<String> indexes = new ArrayList<>();
        try (Connection db = java.sql.DriverManager.getConnection(url, user, password);
             Statement s = db.createStatement()) {
            checkColumns(db);
            for (String table : TABLES) {
                try (ResultSet r = s.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
                        + " FROM pg_index i WHERE i.indrelid = '" + table + "'::regclass AND NOT i.indisprimary")) {
                    while (r.next()) {
                        indexes.add(r.getString(2));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i WHERE"
                        + " i.indrelid = '" + table + "'::regclass AND NOT i.indisprimary AND NOT EXISTS (SELECT 1"
                        + " FROM pg_constraint c WHERE c.conindid = i.indexrelid)")) {
                    List<String> names = new ArrayList<>();
                    while (r.next()) {
                        names.add(r.getString(1));
                    }
                    for (String name : names) {
                        s.execute("DROP INDEX " + name);
                    }
                }
            }
        }
        Summary summary = copy(url, user, password);
        long copied = System.nanoTime();
        createIndexes(url, user, password, indexes);
        long indexed = System.nanoTime();
        try (Connection db = java.sql.DriverManager.getConnection(url, user, password);
             Statement s = db.createStatement()) {
            for (String table : TABLES) {
                s.execute("ANALYZE " + table);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Bench.log(String.format(Locale.ROOT, "data set: rows generated and copied in %.1f s, %d indexes built in"
                + " %.1f s (%d at a time), tables analysed in %.1f s", (copied - started) / 1e9, indexes.size(),
                (indexed - copied) / 1e9, INDEX_BUILDERS, (System.nanoTime() - indexed) / 1e9));
        return new Summary(summary.customers(), summary.contacts(), summary.emails(), summary.phones(),
                summary.tags(), summary.sampleIds(), summary.englishNames(), summary.chineseNames(),
                summary.chinesePersons(), seconds);
    }

    /**
     * A GIN build uses one core (PostgreSQL 15 builds only B-trees in parallel), and the trigram and character-pair
     * indexes are GIN: two builds at a time keep both cores of the reference machine busy.
     */
    private static final int INDEX_BUILDERS = 2;

    private static void createIndexes(String url, String user, String password, List<String> definitions)
            throws Exception {
        Queue<String> pending = new ConcurrentLinkedQueue<>(definitions);
        ExecutorService builders = Executors.newFixedThreadPool(INDEX_BUILDERS);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < INDEX_BUILDERS; i++) {
                running.add(builders.submit(() -> {
                    try (Connection db = java.sql.DriverManager.getConnection(url, user, password);
                         Statement s = db.createStatement()) {
                        s.execute("SET maintenance_work_mem = '256MB'");
                        for (String definition = pending.poll(); definition != null; definition = pending.poll()) {
                            try (ResultSet exists = s.executeQuery("SELECT to_regclass('" + indexName(definition)
                                    + "')")) {
                                exists.next();
                                if (exists.getString(1) != null) {
                                    continue;
                                }
                            }
                            s.execute(definition);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> builder : running) {
                builder.get();
            }
        } finally {
            builders.shutdownNow();
        }
    }

    private static String indexName(String definition) {
        // CREATE [UNIQUE] INDEX name ON ...
        String[] words = definition.split("\\s+");
        return words[1].equalsIgnoreCase("UNIQUE") ? words[3] : words[2];
    }

    /** One customer as the generator draws it, before it becomes a row of a table or of a file. */
    private record Customer(long n, String id, boolean person, boolean cjk, String name, String brand, String domain,
                            String legalName, String website, String phone, String email, String street,
                            String city, String postalCode, String country, String stage, String owner,
                            Instant created, Instant updated, List<String> tags) {
    }

    /**
     * Draws the data set row after row. Customers and their contacts come from one random sequence, so whoever
     * wants the customers alone (the CSV file) still draws the contacts, or the next customer would differ.
     */
    private final class Generator {
        final SplittableRandom random = new SplittableRandom(seed);
        final long sampleEvery = Math.max(1, rows / 2000);
        final List<String> sampleIds = new ArrayList<>();
        final List<String> english = new ArrayList<>();
        final List<String> chinese = new ArrayList<>();
        final List<String> persons = new ArrayList<>();
        long contacts;
        long emails;
        long phones;
        long tags;

        Customer customer(long n) {
            String id = uuid(random);
            boolean cjk = random.nextInt(100) < 35;
            boolean person = random.nextInt(100) < 10;
            String name;
            String brand;
            String domain;
            if (person) {
                if (cjk) {
                    name = pick(random, FAMILY_CN) + pick(random, GIVEN_CN);
                } else {
                    name = pick(random, GIVEN_EN) + " " + pick(random, FAMILY_EN);
                }
                brand = null;
                domain = "mail" + random.nextInt(50) + ".example.net";
            } else if (cjk) {
                brand = pick(random, BRAND_CHARS) + pick(random, BRAND_CHARS);
                name = pick(random, CITIES_CN) + brand + pick(random, TRADES_CN) + "有限公司";
                domain = "cn" + (n % 100_000) + ".example.cn";
            } else {
                int syllables = 2 + random.nextInt(2);
                StringBuilder word = new StringBuilder();
                for (int i = 0; i < syllables; i++) {
                    word.append(pick(random, SYLLABLES));
                }
                brand = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                name = brand + " " + pick(random, NOUNS) + " " + pick(random, SUFFIXES);
                domain = word.toString() + (n % 1000) + ".example.com";
            }
            String email = random.nextInt(100) < 70 ? (person ? "c" + n : "info") + "@" + domain : null;
            String phone = random.nextInt(100) < 60 ? "+86 " + (10 + random.nextInt(90)) + " "
                    + (10_000_000 + random.nextInt(90_000_000)) : null;
            String owner = random.nextInt(100) < 60 ? userId : null;
            Instant created = EPOCH.minusSeconds(random.nextLong(SPAN_SECONDS));
            Instant updated = created.plusSeconds(random.nextLong(EPOCH.getEpochSecond() - created.getEpochSecond()
                    + 1));
            String country = pick(random, COUNTRIES);
            // drawn in the order the first loader drew them, so that a seed still gives the rows it gave
            String legalName = person || random.nextInt(4) != 0 ? null : name;
            String website = brand == null ? null : "https://www." + domain;
            String street = random.nextInt(2) == 0 ? null : (1 + random.nextInt(999)) + " Bench Road";
            String city = cjk ? pick(random, CITIES_CN) : "Springfield";
            String postalCode = String.valueOf(10000 + random.nextInt(89999));
            String stage = pick(random, STAGES);
            List<String> chosen = List.of();
            if (random.nextInt(100) < 30) {
                Set<String> drawn = new TreeSet<>();
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    drawn.add(nameKey(pick(random, TAGS)));
                }
                chosen = List.copyOf(drawn);
                tags += chosen.size();
            }
            return new Customer(n, id, person, cjk, name, brand, domain, legalName, website, phone, email, street,
                    city, postalCode, country, stage, owner, created, updated, chosen);
        }

        /**
         * Draws the customer's contacts, and writes them when {@code buffers} is not {@code null}.
         *
         * @return their name keys, sorted (the store sorts them in the database's collation; a search reads only lines)
         */
        List<String> contacts(Customer customer, Map<String, StringBuilder> buffers) {
            int contactCount = contactCount(random);
            List<String> keys = new ArrayList<>(contactCount);
            for (int c = 0; c < contactCount; c++) {
                String contactId = uuid(random);
                boolean chineseContact = customer.cjk() ? random.nextInt(10) < 8 : random.nextInt(10) < 2;
                String given = chineseContact ? pick(random, GIVEN_CN) : pick(random, GIVEN_EN);
                String family = chineseContact ? pick(random, FAMILY_CN) : pick(random, FAMILY_EN);
                LocalDate birthday = random.nextInt(100) < 30
                        ? LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28))
                        : null;
                String title = pick(random, TITLES);
                String doNotContact = random.nextInt(50) == 0 ? "t" : "f";
                String optOut = random.nextInt(20) == 0 ? "t" : "f";
                keys.add(personKey(given, family));
                if (buffers != null) {
                    row(buffers.get("core_contact"), contactId, customer.id(), given, family, personKey(given, family),
                            title, birthday == null ? null : birthday.toString(),
                            birthday == null ? null : String.valueOf(birthday.getMonthValue() * 100
                                    + birthday.getDayOfMonth()),
                            c == 0 ? "t" : "f", doNotContact, optOut, timestamp(customer.created()), userId,
                            timestamp(customer.updated()), userId, "1");
                }
                contacts++;
                int emailCount = random.nextInt(3);
                for (int e = 0; e < emailCount; e++) {
                    if (buffers != null) {
                        row(buffers.get("core_contact_email"), contactId, String.valueOf(e),
                                ("p" + contacts + "." + e + "@" + customer.domain()).toLowerCase(Locale.ROOT));
                    }
                    emails++;
                }
                if (random.nextInt(2) == 0) {
                    String mobile = "+86 1" + (30 + random.nextInt(60)) + " " + (1000_0000 + random.nextInt(9000_0000));
                    if (buffers != null) {
                        row(buffers.get("core_contact_phone"), contactId, "0", mobile, digits(mobile));
                    }
                    phones++;
                }
                if (chineseContact && persons.size() < 200 && customer.n() % sampleEvery == 0) {
                    persons.add(family + given);
                }
            }
            if (customer.n() % sampleEvery == 0) {
                sampleIds.add(customer.id());
                if (!customer.person() && !customer.cjk()) {
                    english.add(customer.name());
                } else if (!customer.person()) {
                    chinese.add(customer.name());
                }
            }
            Collections.sort(keys);
            return keys;
        }
    }

    private Summary copy(String url, String user, String password) throws Exception {
        Generator generator = new Generator();
        Map<String, Connection> connections = new LinkedHashMap<>();
        Map<String, CopyIn> copies = new LinkedHashMap<>();
        Map<String, StringBuilder> buffers = new LinkedHashMap<>();
        try {
            for (String table : TABLES) {
                Connection connection = java.sql.DriverManager.getConnection(url, user, password);
                connections.put(table, connection);
                copies.put(table, connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " (" + COLUMNS.get(table) + ") FROM STDIN"));
                buffers.put(table, new StringBuilder(1 << 20));
            }
            for (long n = 0; n < rows; n++) {
                Customer c = generator.customer(n);
                String owner = c.owner();
                // the contacts first: their names go onto the customer's row, as the store keeps them there
                List<String> contactKeys = generator.contacts(c, buffers);
                customerRow(buffers.get("core_customer"), c, c.id(), owner,
                        owner == null ? null : timestamp(c.updated()), timestamp(c.created()), timestamp(c.updated()),
                        contactKeys.isEmpty() ? null : String.join("\n", contactKeys));
                for (String tag : c.tags()) {
                    row(buffers.get("core_customer_tag"), c.id(), tag);
                }
                for (Map.Entry<String, StringBuilder> buffer : buffers.entrySet()) {
                    if (buffer.getValue().length() > (1 << 20)) {
                        flush(copies.get(buffer.getKey()), buffer.getValue());
                    }
                }
            }
            for (Map.Entry<String, StringBuilder> buffer : buffers.entrySet()) {
                flush(copies.get(buffer.getKey()), buffer.getValue());
                copies.get(buffer.getKey()).endCopy();
            }
        } finally {
            for (CopyIn copy : copies.values()) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            for (Connection connection : connections.values()) {
                connection.close();
            }
        }
        return new Summary(rows, generator.contacts, generator.emails, generator.phones, generator.tags,
                generator.sampleIds, generator.english, generator.chinese, generator.persons, 0);
    }

    /** The columns of {@link #writeCsv}'s file, headed as a user's spreadsheet would head them. */
    static final List<String> CSV_HEADERS = List.of("Company name", "Type", "Legal name", "E-mail", "Phone",
            "Website", "Street", "City", "Postal code", "Country", "Lifecycle stage", "Tags", "Owner");

    /**
     * Writes the first {@code count} customers of the data set as a CSV file a user would import (UTF-8, a header
     * row, RFC 4180 quoting), each {@linkplain #imported made unique}. The owner is {@code ownerName} where the data
     * set has one, empty elsewhere (the importing user then owns the row).
     *
     * @return the number of rows written
     */
    long writeCsv(java.nio.file.Path file, long count, String ownerName) throws java.io.IOException {
        Generator generator = new Generator();
        long written = 0;
        try (CSVPrinter out = CSVFormat.RFC4180.print(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                java.nio.file.Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16))) {
            out.printRecord(CSV_HEADERS);
            List<String> values = new ArrayList<>(CSV_HEADERS.size());
            for (long n = 0; n < Math.min(count, rows); n++) {
                Customer c = imported(generator, n);
                values.clear();
                Collections.addAll(values, c.name(), c.person() ? "PERSON" : "COMPANY", c.legalName(), c.email(),
                        c.phone(), c.website(), c.street(), c.city(), c.postalCode(), c.country(), c.stage(),
                        String.join(";", c.tags()), c.owner() == null ? null : ownerName);
                out.printRecord(values);
                written++;
            }
        }
        return written;
    }

    /**
     * COPY of the customers {@link #writeCsv} writes, as rows of {@code core_customer} and {@code core_customer_tag}
     * the way the import job would store them (new ids, the search keys, owned by this data set's user, created
     * now), on {@code db} in the caller's transaction: what writing these rows into Relata's own tables, with
     * every index on them, costs at least. The caller rolls it back.
     *
     * @return the number of customers written
     */
    long copyImported(Connection db, long count) throws SQLException {
        Generator generator = new Generator();
        String now = timestamp(Instant.now());
        StringBuilder customers = new StringBuilder(1 << 20);
        StringBuilder tags = new StringBuilder();
        CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY core_customer ("
                + COLUMNS.get("core_customer") + ") FROM STDIN");
        long written = 0;
        try {
            for (long n = 0; n < Math.min(count, rows); n++) {
                Customer c = imported(generator, n);
                String id = UUID.randomUUID().toString();
                customerRow(customers, c, id, userId, now, now, now, null);
                for (String tag : c.tags()) {
                    row(tags, id, tag);
                }
                if (customers.length() > (1 << 20)) {
                    flush(copy, customers);
                }
                written++;
            }
            flush(copy, customers);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        // one COPY at a time on a connection: the tags after their customers
        CopyIn copyTags = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY core_customer_tag ("
                + COLUMNS.get("core_customer_tag") + ") FROM STDIN");
        try {
            flush(copyTags, tags);
            copyTags.endCopy();
        } finally {
            if (copyTags.isActive()) {
                copyTags.cancelCopy();
            }
        }
        return written;
    }

    /** A {@code core_customer} row of {@link #COLUMNS}, with the search keys as Relata computes them. */
    /** @param contactKeys its contacts' name keys, one a line ({@code contact_name_keys}), or {@code null} */
    private void customerRow(StringBuilder buffer, Customer c, String id, String owner, String ownerSince,
                             String created, String updated, String contactKeys) {
        row(buffer, id, c.person() ? "PERSON" : "COMPANY", c.name(), nameKey(c.name()), c.legalName(),
                null, // industry: a picklist, empty on a new installation
                c.website(), c.phone(), c.phone() == null ? null : digits(c.phone()),
                c.email(), c.email() == null ? null : c.email().toLowerCase(Locale.ROOT), c.street(),
                c.city(), null, c.postalCode(), c.country(), c.stage(), owner, ownerSince,
                null /* currency: the organisation's currencies are reference data, none on a new installation */,
                created, userId, updated, userId, "1", contactKeys);
    }

    /**
     * The data set's customer {@code n} as the import scenario's file holds it: its name, e-mail and phone made
     * unique ({@code name + " " + (n + 1)}, {@code imp<n>@<domain>}, {@code +1 558 <n>}), so that none is a
     * duplicate of a customer in the database nor of another row; the rest as the data set has it.
     */
    private static Customer imported(Generator generator, long n) {
        Customer c = generator.customer(n);
        generator.contacts(c, null);
        String name = c.name() + " " + (n + 1);
        return new Customer(n, c.id(), c.person(), c.cjk(), name, c.brand(), c.domain(),
                c.legalName() == null ? null : name, c.website(),
                c.phone() == null ? null : "+1 558 " + (10_000_000 + n),
                c.email() == null ? null : "imp" + n + "@" + c.domain(), c.street(), c.city(), c.postalCode(),
                c.country(), c.stage(), c.owner(), c.created(), c.updated(), c.tags());
    }

    private static int contactCount(SplittableRandom random) {
        int r = random.nextInt(10);
        return r == 0 ? 0 : r < 5 ? 1 : r < 8 ? 2 : 3;
    }

    private static String uuid(SplittableRandom random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toString();
    }

    private static void row(StringBuilder buffer, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.append('\t');
            }
            String value = values[i];
            if (value == null) {
                buffer.append("\\N");
            } else {
                for (int k = 0; k < value.length(); k++) {
                    char c = value.charAt(k);
                    switch (c) {
                        case '\\' -> buffer.append("\\\\");
                        case '\t' -> buffer.append("\\t");
                        case '\n' -> buffer.append("\\n");
                        case '\r' -> buffer.append("\\r");
                        default -> buffer.append(c);
                    }
                }
            }
        }
        buffer.append('\n');
    }

    private static void flush(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }
}
