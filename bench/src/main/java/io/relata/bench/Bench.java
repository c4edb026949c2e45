package io.relata.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The benchmark run: boots Relata on the prepared PostgreSQL database, loads the data set, runs every scenario of
 * this slice next to its baseline, boots stock Karaf, and writes {@code <results>/<stamp>.md} and {@code .json}.
 * bench/run.sh prepares the directories and the database and calls this with {@code --key value} arguments.
 */
public final class Bench {

    static final String ADMIN_PASSWORD = "bench-Relata-secret-1";
    /** The customer list's searched text columns and its probe's bound, as the store's CustomerQuery has them. */
    private static final List<String> TEXT_COLUMNS = List.of("name_key", "email_key", "contact_name_keys");
    private static final int SEARCH_BOUND = 12;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A smoke run's settings, where no finer setting is given: every scenario runs once, briefly, on a small data
     * set, so that the suite's own test (BenchSmokeIT) sees each of them work end to end in a few minutes. Its
     * figures are no measurement.
     */
    static final Map<String, String> SMOKE = Map.ofEntries(Map.entry("rows", "2000"), Map.entry("warmup", "1"),
            Map.entry("seconds", "2"), Map.entry("boots", "1"), Map.entry("idle", "2"),
            Map.entry("concurrency-warmup", "1"), Map.entry("concurrency-seconds", "2"),
            Map.entry("import-rows", "1000"), Map.entry("deploy-cycles", "3"), Map.entry("leak-cycles", "5"));

    final Map<String, String> args;
    final boolean full;
    final boolean smoke;
    final long rows;
    final long seed;
    final Path work;
    private final Path pids;
    final String dbUrl;
    final String dbUser;
    final String dbPassword;
    private final Duration warmUp;
    /** The longest warm-up of the paired scenarios while the server is not yet steady ({@link Load.WarmUp}). */
    private final Duration warmUpCap;
    private final Duration measure;
    private final int boots;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, Object> report = new LinkedHashMap<>();
    final Map<String, Object> scenarios = new LinkedHashMap<>();
    private final List<Map<String, Object>> targets = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    private Bench(Map<String, String> args) {
        this.smoke = "smoke".equals(args.get("mode"));
        if (smoke) {
            SMOKE.forEach(args::putIfAbsent);
        }
        this.args = args;
        this.full = "full".equals(args.getOrDefault("mode", "quick"));
        this.rows = Long.parseLong(args.getOrDefault("rows", full ? "1000000" : "20000"));
        this.seed = Long.parseLong(args.getOrDefault("seed", "42"));
        this.work = Path.of(args.get("work")).toAbsolutePath();
        this.pids = work.resolve("pids");
        this.dbUrl = args.get("db-url");
        this.dbUser = args.getOrDefault("db-user", "postgres");
        this.dbPassword = args.getOrDefault("db-password", "");
        // a full run measures Relata at its steady state: its JIT needs about a minute of load (docs/performance.md)
        this.warmUp = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", full ? "45" : "5")));
        this.warmUpCap = Duration.ofSeconds(Math.max(warmUp.toSeconds(),
                Long.parseLong(args.getOrDefault("warmup-cap", full ? "240" : "0"))));
        // quick: 8 s, so that the whole run stays under the issue's 5 minutes (docs/performance.md, 25th slice)
        this.measure = Duration.ofSeconds(Long.parseLong(args.getOrDefault("seconds", full ? "30" : "8")));
        this.boots = Integer.parseInt(args.getOrDefault("boots", full ? "3" : "1"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new Bench(args).run();
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        report.put("startedAt", started.toString());
        report.put("mode", full ? "full" : smoke ? "smoke" : "quick");
        report.put("machine", machine());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rows", rows);
        settings.put("seed", seed);
        settings.put("warmUpSeconds", warmUp.toSeconds());
        settings.put("warmUpCapSeconds", warmUpCap.toSeconds());
        settings.put("measureSeconds", measure.toSeconds());
        settings.put("getConnections", connections("get", 16));
        settings.put("createConnections", connections("create", 8));
        settings.put("listConnections", connections("list", 2));
        settings.put("bootsPerSide", boots);
        settings.put("relataMaxHeap", "1024M (RELATA_MAX_MEMORY default; since 2026-11-29 bin/setenv passes it as"
                + " -Xmx, with -Xms64M, G1 returning memory when idle and, on Java 17.0.9+, native memory trimmed"
                + " every 5 s)");
        settings.put("relataConfig", "pool.maxOwnedPerUser = 0 (no owner cap: every created customer is the admin's)");
        settings.put("database", dbUrl);
        settings.put("postgresServer", args.getOrDefault("db-server", "(not recorded: started without bench/run.sh)"));
        settings.put("relataSet", args.getOrDefault("relata-set", "(none: the distribution as shipped)"));
        // the Relata JVM inherits the environment: options given there win over bin/setenv's
        String extraJavaOptions = System.getenv("EXTRA_JAVA_OPTS");
        boolean jvmExperiment = extraJavaOptions != null && !extraJavaOptions.isBlank();
        settings.put("extraJavaOpts", jvmExperiment ? extraJavaOptions : "(none: bin/setenv's options as shipped)");
        if (jvmExperiment) {
            notes.add("EXPERIMENT, not the distribution as shipped: the Relata JVM ran with EXTRA_JAVA_OPTS="
                    + extraJavaOptions);
        }
        settings.put("loadGenerator", "closed loop, one keep-alive HTTP/1.1 connection (or JDBC connection) per"
                + " thread, HdrHistogram");
        report.put("settings", settings);

        Path relataHome = Path.of(args.get("relata-home"));
        try {
            scenarios(relataHome);
        } catch (Exception | Error e) {
            // what was measured so far is written all the same, with the failure
            report.put("error", e.toString());
            finish(started);
            throw e;
        }
        finish(started);
    }

    private void scenarios(Path relataHome) throws Exception {
        try (Karaf relata = relata(relataHome)) {
            // 1. first boot on the empty database: migrations, the admin user
            relata.wipeData();
            relata.launch();
            Duration firstBoot = relata.awaitHttp("/api/v1/health", s -> s == 200, Duration.ofMinutes(5));
            log("first boot (empty database, migrations): " + firstBoot.toMillis() + " ms");
            report.put("firstBootWithMigrationsSeconds", firstBoot.toMillis() / 1000.0);
            String adminId = adminId();
            Map<String, Object> versions = versions(relata);
            report.put("versions", versions);
            relata.stop();

            // 2. the data set, by COPY, with the server stopped
            log("loading " + rows + " customers (seed " + seed + ") by COPY ...");
            DataSet.Summary data = new DataSet(rows, seed, adminId).load(dbUrl, dbUser, dbPassword);
            Map<String, Object> dataSet = new LinkedHashMap<>();
            dataSet.put("customers", data.customers());
            dataSet.put("contacts", data.contacts());
            dataSet.put("contactEmails", data.emails());
            dataSet.put("contactPhones", data.phones());
            dataSet.put("customerTags", data.tags());
            dataSet.put("loadSeconds", Load.round(data.seconds()));
            dataSet.put("databaseSize", databaseSize());
            report.put("dataSet", dataSet);
            log("loaded in " + Load.round(data.seconds()) + " s: " + dataSet);

            // 3. boot for the scenarios, with a fresh OSGi cache, on the loaded database
            relata.wipeData();
            relata.launch();
            Duration firstLoadedBoot = relata.awaitHttp("/api/v1/health", s -> s == 200, Duration.ofMinutes(5));
            log("Relata boot to health UP: " + firstLoadedBoot.toMillis() + " ms");
            String token = token(relata);

            // 4. load scenarios, each next to its baseline (with --profile true, Relata records a JFR profile)
            Path profile = Path.of(args.get("results")).resolve(args.getOrDefault("stamp", "profile") + "-relata.jfr")
                    .toAbsolutePath();
            boolean profiling = Boolean.parseBoolean(args.getOrDefault("profile", "false"));
            if (profiling) {
                Files.createDirectories(profile.getParent());
                jcmd(relata, "JFR.start", "name=bench", "settings=profile", "filename=" + profile);
                notes.add("Profiled with JFR (settings=profile) during the load scenarios: " + profile.getFileName()
                        + "; figures of a profiled run are a little lower");
            }
            try (Baseline baseline = Baseline.start(work, pids, dbUrl, dbUser, dbPassword)) {
                getById(relata, baseline, token, data);
            }
            // the list before the creates, so that it searches the data set as generated (the creates add rows)
            list(relata, token, data, adminId);
            Concurrency.run(this, relata, token, data);
            create(relata, token);
            ImportScenario.run(this, relata, token, adminId);
            if (profiling) {
                jcmd(relata, "JFR.stop", "name=bench");
                log("JFR profile: " + profile);
            }

            scenarios.put("hotDeploy", new HotDeploy(this, relata, token, full).run());

            // 5. idle memory
            idleMemory(relata);
            relata.stop();

            // 6. boots, Relata and stock Karaf (http, jdbc, jpa) in turn, so both see the same machine load
            if (boots > 0) {
                bootComparison(relata, firstLoadedBoot);
            } else {
                notes.add("Boot comparison skipped (--boots 0); Relata's boot before the scenarios took "
                        + firstLoadedBoot.toMillis() / 1000.0 + " s.");
            }
        }
    }

    private void finish(Instant started) throws IOException {
        report.put("scenarios", scenarios);
        report.put("targets", targets);
        report.put("notes", notes);
        report.put("finishedAt", Instant.now().toString());
        report.put("durationSeconds", Duration.between(started, Instant.now()).toSeconds());
        write(started);
    }

    int connections(String scenario, int quick) {
        return Integer.parseInt(args.getOrDefault(scenario + "-connections", String.valueOf(quick)));
    }

    // ---------------------------------------------------------------------------------------------------- Relata

    private Karaf relata(Path home) throws IOException {
        Karaf relata = new Karaf("relata", home, pids);
        relata.environment.put("RELATA_DB_URL", dbUrl);
        relata.environment.put("RELATA_DB_USER", dbUser);
        relata.environment.put("RELATA_DB_PASSWORD", dbPassword);
        relata.environment.put("RELATA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // the benchmark's admin creates thousands of customers: no owner cap
        Path customers = home.resolve("etc/io.relata.customers.cfg");
        if (!Files.readString(customers).contains("\npool.maxOwnedPerUser = 0")) {
            Files.writeString(customers, "\n# bench/run.sh\npool.maxOwnedPerUser = 0\n", StandardOpenOption.APPEND);
        }
        // experiments: --relata-set 'FILE:key=value,...' appends settings to the distribution's etc/FILE
        String experiment = args.get("relata-set");
        if (experiment != null && !experiment.isBlank()) {
            for (String setting : experiment.split(",")) {
                String file = setting.substring(0, setting.indexOf(':'));
                if (file.contains("/") || file.contains("..")) {
                    throw new IllegalArgumentException("--relata-set names a file in etc/: " + file);
                }
                Files.writeString(home.resolve("etc").resolve(file), "\n# bench/run.sh --relata-set\n"
                        + setting.substring(setting.indexOf(':') + 1).trim() + "\n", StandardOpenOption.APPEND);
            }
            notes.add("EXPERIMENT, not the distribution as shipped: etc/ settings changed with --relata-set "
                    + experiment);
        }
        return relata;
    }

    private String adminId() throws Exception {
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM core_user WHERE username = 'admin'")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * A personal API token of the admin. Health is UP a little before every route serves (the whiteboard rebuilds
     * the application while the last bundles register), so sign-in is retried on 404.
     */
    private String token(Karaf relata) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> login = Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri("/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                            + ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                continue;
            }
            if (login.statusCode() != 200) {
                throw new IllegalStateException("sign-in: " + login.statusCode() + " " + login.body());
            }
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String csrf = JSON.readTree(login.body()).path("csrfToken").asText();
            HttpResponse<String> created = Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri("/api/v1/me/tokens"))
                    .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                continue;
            }
            if (created.statusCode() != 201) {
                throw new IllegalStateException("token: " + created.statusCode() + " " + created.body());
            }
            return JSON.readTree(created.body()).path("token").asText();
        }
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    /** GET /customers/{id} with an API token vs the bare Jetty + JDBC servlet, same ids, same connections. */
    private void getById(Karaf relata, Baseline baseline, String token, DataSet.Summary data) throws Exception {
        List<String> ids = data.sampleIds();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        // the same row, both ways
        try (Load.HttpConnection a = new Load.HttpConnection("127.0.0.1", relata.httpPort);
             Load.HttpConnection b = new Load.HttpConnection("127.0.0.1", baseline.port)) {
            a.send("GET", "/api/v1/customers/" + ids.get(0), headers, null);
            b.send("GET", "/customers/" + ids.get(0), Map.of(), null);
            JsonNode rest = JSON.readTree(a.body);
            JsonNode bare = JSON.readTree(b.body);
            if (a.status != 200 || b.status != 200 || !rest.path("name").equals(bare.path("name"))) {
                throw new IllegalStateException("GET by id does not answer the same row: REST " + a.status + " "
                        + a.body + " / baseline " + b.status + " " + b.body);
            }
            notes.add("GET by id: REST answers " + a.body.length() + " characters, the baseline "
                    + b.body.length() + " for the same row");
        }
        int connections = connections("get", 16);
        Load.Result rest = Load.run("rest-get", connections, warmUp(relata), measure, worker -> {
            Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", relata.httpPort);
            SplittableRandom random = new SplittableRandom(seed + worker);
            return operation(http, () -> {
                int status = http.send("GET", "/api/v1/customers/" + ids.get(random.nextInt(ids.size())), headers,
                        null);
                expect(status, 200, http);
            });
        });
        log(summary(rest));
        Load.Result bare = Load.run("baseline-get", connections, warmUp(baseline.pid()), measure, worker -> {
            Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", baseline.port);
            SplittableRandom random = new SplittableRandom(seed + worker);
            return operation(http, () -> expect(http.send("GET", "/customers/" + ids.get(random.nextInt(ids.size())),
                    Map.of(), null), 200, http));
        });
        log(summary(bare));
        double ratio = rest.throughput() / bare.throughput();
        scenarios.put("getById", pair(rest, bare, ratio));
        target("REST GET by id ≥ 0.6× bare Jetty + JDBC servlet (throughput)", "≥ 0.6", ratio, ratio >= 0.6);
    }

    /** POST /customers vs raw JDBC inserts of the same rows (customer and tag, one transaction each). */
    private void create(Karaf relata, String token) throws Exception {
        int connections = connections("create", 8);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json",
                "Content-Type", "application/json");
        Load.Result rest = Load.run("rest-create", connections, warmUp(relata), measure, worker -> {
            Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", relata.httpPort);
            long[] n = {0};
            return operation(http, () -> {
                long i = n[0]++;
                String body = "{\"name\":\"Bench REST " + runTag + " " + worker + "-" + i + "\",\"kind\":\"COMPANY\","
                        + "\"email\":\"r" + worker + "n" + i + "@" + runTag
                        + ".bench.example.com\",\"phone\":\"+1 555 " + (worker * 10_000_000L + i) + "\","
                        + "\"address\":{\"city\":\"上海\",\"country\":\"CN\"},\"stage\":\"PROSPECT\","
                        + "\"tags\":[\"bench\"]}";
                expect(http.send("POST", "/api/v1/customers", headers, body.getBytes(StandardCharsets.UTF_8)), 201,
                        http);
            });
        });
        log(summary(rest));
        String adminId = adminId();
        long bench = ProcessHandle.current().pid();
        Load.Result jdbc = Load.run("jdbc-create", connections, warmUp(bench), measure, worker -> {
            try {
                Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                db.setAutoCommit(false);
                PreparedStatement customer = db.prepareStatement("INSERT INTO core_customer (id, kind, name, name_key,"
                        + " phone, phone_key, email, email_key, city, country, stage, owner_id, owner_since,"
                        + " created_at, created_by, updated_at, updated_by, version)"
                        + " VALUES (?, 'COMPANY', ?, ?, ?, ?, ?, ?, '上海', 'CN', 'PROSPECT', ?, ?, ?, ?,"
                        + " ?, ?, 1)");
                PreparedStatement tag = db.prepareStatement("INSERT INTO core_customer_tag (customer_id, tag)"
                        + " VALUES (?, 'bench')");
                long[] n = {0};
                return new Load.Operation() {
                    @Override
                    public void run() throws Exception {
                        long i = n[0]++;
                        String id = UUID.randomUUID().toString();
                        String name = "Bench JDBC " + runTag + " " + worker + "-" + i;
                        String phone = "+1 556 " + (worker * 10_000_000L + i);
                        String email = "j" + worker + "n" + i + "@" + runTag + ".bench.example.com";
                        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                        customer.setString(1, id);
                        customer.setString(2, name);
                        customer.setString(3, DataSet.nameKey(name));
                        customer.setString(4, phone);
                        customer.setString(5, DataSet.digits(phone));
                        customer.setString(6, email);
                        customer.setString(7, email);
                        customer.setString(8, adminId);
                        customer.setObject(9, now);
                        customer.setObject(10, now);
                        customer.setString(11, adminId);
                        customer.setObject(12, now);
                        customer.setString(13, adminId);
                        customer.executeUpdate();
                        tag.setString(1, id);
                        tag.executeUpdate();
                        db.commit();
                    }

                    @Override
                    public void close() throws Exception {
                        db.close();
                    }
                };
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        log(summary(jdbc));
        double ratio = rest.throughput() / jdbc.throughput();
        scenarios.put("create", pair(rest, jdbc, ratio));
        target("REST create ≥ 0.5× raw JDBC inserts (throughput)", "≥ 0.5", ratio, ratio >= 0.5);
    }

    /** A fixed mix of list queries: filters, prefix, substring and CJK searches. */
    record Query(String kind, String parameters, String q, String stage, String owner, boolean byName) {
    }

    private List<Query> queries(DataSet.Summary data, String adminId) {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        List<Query> queries = new ArrayList<>();
        queries.add(query("filter", null, "CUSTOMER", null, false));
        queries.add(query("filter", null, "PROSPECT", "me", true));
        for (int i = 0; i < 3 && !data.englishNames().isEmpty(); i++) {
            String name = data.englishNames().get(random.nextInt(data.englishNames().size()));
            queries.add(query("prefix", name.substring(0, 4), null, null, false));
            String brand = name.substring(0, name.indexOf(' '));
            int from = Math.max(1, brand.length() / 2 - 2);
            queries.add(query("substring", brand.substring(from, Math.min(brand.length(), from + 4)), null, null,
                    false));
        }
        for (int i = 0; i < 2 && !data.chineseNames().isEmpty(); i++) {
            String name = data.chineseNames().get(random.nextInt(data.chineseNames().size()));
            queries.add(query("cjk", name.substring(2, 4), null, null, false));
            queries.add(query("cjk", name.substring(0, 4), null, null, false));
        }
        if (!data.chinesePersons().isEmpty()) { // none in a very small data set
            queries.add(query("cjk", data.chinesePersons().get(random.nextInt(data.chinesePersons().size())), null,
                    null, false));
        }
        queries.add(query("cjk", "有限公司", "CUSTOMER", null, false));
        String name = data.englishNames().isEmpty() ? "Kal"
                : data.englishNames().get(random.nextInt(data.englishNames().size()));
        queries.add(query("prefix+filter", name.substring(0, 3), "CUSTOMER", null, false));
        queries.add(query("substring+filter", "ana", "PROSPECT", "me", false));
        return queries;
    }

    private static Query query(String kind, String q, String stage, String owner, boolean byName) {
        StringBuilder p = new StringBuilder("limit=50");
        if (q != null) {
            p.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (stage != null) {
            p.append("&stage=").append(stage);
        }
        if (owner != null) {
            p.append("&owner=").append(owner);
        }
        if (byName) {
            p.append("&sort=name");
        }
        return new Query(kind, p.toString(), q, stage, owner, byName);
    }

    private void list(Karaf relata, String token, DataSet.Summary data, String adminId) throws Exception {
        List<Query> queries = queries(data, adminId);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        Map<String, Histogram> byKind = new LinkedHashMap<>();
        Map<Query, Histogram> byQuery = new LinkedHashMap<>();
        Map<String, Histogram> sqlByKind = new LinkedHashMap<>();
        Map<Query, Histogram> sqlByQuery = new LinkedHashMap<>();
        for (Query query : queries) {
            for (Map<String, Histogram> kinds : List.of(byKind, sqlByKind)) {
                kinds.putIfAbsent(query.kind(), new Histogram(60_000_000L, 3));
            }
            byQuery.put(query, new Histogram(60_000_000L, 3));
            sqlByQuery.put(query, new Histogram(60_000_000L, 3));
        }
        int connections = connections("list", 2);
        Load.Result rest = Load.run("rest-list", connections, warmUp(relata), measure, worker -> {
            Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", relata.httpPort);
            int[] next = {worker * 5};
            return operation(http, () -> {
                Query query = queries.get(next[0]++ % queries.size());
                long start = System.nanoTime();
                expect(http.send("GET", "/api/v1/customers?" + query.parameters(), headers, null), 200, http);
                long micros = (System.nanoTime() - start) / 1000;
                recordIn(micros, byKind.get(query.kind()), byQuery.get(query));
            });
        });
        log(summary(rest));
        Load.Result sql = Load.run("jdbc-list", connections, warmUp(ProcessHandle.current().pid()), measure, worker -> {
            try {
                Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                try (Statement serial = db.createStatement()) {
                    // as the store's searches run: without parallel workers
                    serial.execute("SET max_parallel_workers_per_gather = 0");
                }
                int[] next = {worker * 5};
                return new Load.Operation() {
                    @Override
                    public void run() throws Exception {
                        Query query = queries.get(next[0]++ % queries.size());
                        long start = System.nanoTime();
                        sqlList(db, query, adminId);
                        long micros = (System.nanoTime() - start) / 1000;
                        recordIn(micros, sqlByKind.get(query.kind()), sqlByQuery.get(query));
                    }

                    @Override
                    public void close() throws Exception {
                        db.close();
                    }
                };
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        log(summary(sql));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rest", rest.json());
        result.put("sqlBaseline", sql.json());
        result.put("queries", queries.stream().map(q -> q.kind() + ": "
                + java.net.URLDecoder.decode(q.parameters(), StandardCharsets.UTF_8)).toList());
        Map<String, Object> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, h) -> kinds.put(kind, latencies(h, sqlByKind.get(kind))));
        result.put("byKind", kinds);
        Map<String, Object> perQuery = new LinkedHashMap<>();
        byQuery.forEach((query, h) -> perQuery.put(query.kind() + ": " + java.net.URLDecoder.decode(
                query.parameters(), StandardCharsets.UTF_8), latencies(h, sqlByQuery.get(query))));
        result.put("byQuery", perQuery);
        scenarios.put("listSearch", result);
        double p95 = rest.percentileMs(95);
        target("Customer list/search p95 < 30 ms at " + rows + " customers", "< 30 ms", p95,
                p95 < 30 && rest.errors() == 0);
        if (!full) {
            notes.add("The list/search target is defined at 1,000,000 customers; a quick run checks it at " + rows
                    + ".");
        }
    }

    /** A list request's time, in microseconds, into each histogram (shared by the load's threads). */
    private static void recordIn(long micros, Histogram... histograms) {
        for (Histogram histogram : histograms) {
            synchronized (histogram) {
                histogram.recordValue(Math.min(micros, 60_000_000L));
            }
        }
    }

    /** Count, p50 and p95 of the REST requests and of the same SQL by hand, in ms. */
    private static Map<String, Object> latencies(Histogram rest, Histogram sql) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("count", rest.getTotalCount());
        figures.put("restP50Ms", Load.round(rest.getValueAtPercentile(50) / 1000.0));
        figures.put("restP95Ms", Load.round(rest.getValueAtPercentile(95) / 1000.0));
        figures.put("sqlP50Ms", Load.round(sql.getValueAtPercentile(50) / 1000.0));
        figures.put("sqlP95Ms", Load.round(sql.getValueAtPercentile(95) / 1000.0));
        return figures;
    }

    /** Rows of core_customer as PostgreSQL last estimated them. */
    private static double customerRows(Connection db) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet found = statement.executeQuery(
                "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = to_regclass('core_customer')")) {
            return found.next() ? found.getDouble(1) : 0;
        }
    }

    /**
     * The list query as plain SQL: what the store asks for, written by hand (tags of the page included). A search
     * is read as the store's {@code ListSearch} reads it: a probe counts what the indexes find, up to a bound,
     * then the rows are collected (fewer) or the list's order is walked (as many or more). The contacts' names are
     * searched on the customer's row ({@code contact_name_keys}), as the store searches them.
     */
    private static void sqlList(Connection db, Query query, String adminId) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT * FROM core_customer c WHERE c.deleted_at IS NULL");
        List<Object> parameters = new ArrayList<>();
        String whole = null; // the search keeping all rows found, where the first keeps only the first of them
        if (query.q() != null) {
            String text = DataSet.nameKey(query.q());
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            String digits = DataSet.digits(query.q());
            String phone = digits != null && digits.length() >= 3 ? "%" + digits + "%" : null;
            boolean trigrams = false;
            for (int i = 0, run = 0; i < text.length() && !trigrams; i += Character.charCount(text.codePointAt(i))) {
                run = Character.isLetterOrDigit(text.codePointAt(i)) ? run + 1 : 0;
                trigrams = run >= 3;
            }
            boolean pairs = !trigrams && text.codePointCount(0, text.length()) >= 2;
            // one arm per indexed column: its condition, then its parameters
            List<String> arms = new ArrayList<>();
            List<List<Object>> armParameters = new ArrayList<>();
            for (String column : TEXT_COLUMNS) {
                // (column || '') as the store writes it: a generic plan must not use the trigram index for pairs
                arms.add((pairs ? "core_bigrams(" + column + ") @> core_bigrams(?) AND (" + column + " || '')"
                        : column) + " LIKE ? ESCAPE '\\'");
                armParameters.add(pairs ? List.of(text, like) : List.of(like));
            }
            if (phone != null) {
                arms.add("phone_key LIKE ?");
                armParameters.add(List.of(phone));
            }
            boolean walk = !trigrams && !pairs;
            double estimate = -1;
            if (!walk) {
                // as the store's ListSearch probes: the ids (not a constant), planned for the values at hand by
                // core_execute_fresh_number, which gets them as $1[n]; the bound and the limits as numbers in the
                // statement
                double rows = customerRows(db);
                int k = (int) Math.max(500, SEARCH_BOUND * Math.sqrt(rows));
                boolean sample = rows >= 200_000;
                int limit = sample ? Math.max(k / 32, 1) : k;
                List<String> counted = new ArrayList<>();
                List<Object> probeParameters = new ArrayList<>();
                for (int i = 0; i < arms.size(); i++) {
                    StringBuilder condition = new StringBuilder();
                    int next = 0;
                    for (char c : arms.get(i).toCharArray()) {
                        if (c == '?') {
                            condition.append("$1[").append(probeParameters.size() + 1).append(']');
                            probeParameters.add(armParameters.get(i).get(next++));
                        } else {
                            condition.append(c);
                        }
                    }
                    counted.add("(SELECT id FROM core_customer WHERE " + condition + " LIMIT " + limit + ")");
                }
                String count = "(SELECT COUNT(*) FROM (" + String.join(" UNION ALL ", counted) + " LIMIT " + limit
                        + ") hits)";
                if (sample) {
                    // from 200,000 customers: counted up to a thirty-second of the bound, then a sample of about
                    // 5,000 rows (plain LIKE) estimates the matches, as the store's probe does
                    List<String> hits = new ArrayList<>();
                    for (String column : TEXT_COLUMNS) {
                        probeParameters.add(like);
                        hits.add("COUNT(*) FILTER (WHERE " + column + " LIKE $1[" + probeParameters.size()
                                + "] ESCAPE '\\')");
                    }
                    if (phone != null) {
                        probeParameters.add(phone);
                        hits.add("COUNT(*) FILTER (WHERE phone_key LIKE $1[" + probeParameters.size() + "])");
                    }
                    String share = String.format(Locale.ROOT, "%.4f", Math.min(100, 100.0 * 5000 / Math.max(rows, 1)));
                    count = "SELECT CASE WHEN " + count + " < " + limit + " THEN " + count + " ELSE (SELECT ("
                            + String.join(" + ", hits) + ") * 100.0 / " + share + " FROM core_customer TABLESAMPLE"
                            + " SYSTEM (" + share + ") REPEATABLE (0)) END";
                } else {
                    count = "SELECT " + count;
                }
                try (PreparedStatement probe = db.prepareStatement("SELECT core_execute_fresh_number(?"
                        + ", ?".repeat(probeParameters.size()) + ")")) {
                    probe.setString(1, count);
                    for (int i = 0; i < probeParameters.size(); i++) {
                        probe.setString(i + 2, probeParameters.get(i).toString());
                    }
                    try (ResultSet row = probe.executeQuery()) {
                        row.next();
                        estimate = row.getDouble(1);
                        walk = estimate >= k;
                    }
                }
            }
            if (walk) {
                List<String> checks = new ArrayList<>();
                for (String column : TEXT_COLUMNS) {
                    checks.add("c." + column + " LIKE ? ESCAPE '\\'");
                    parameters.add(like);
                }
                if (phone != null) {
                    checks.add("c.phone_key LIKE ?");
                    parameters.add(phone);
                }
                sql.append(" AND (").append(String.join(" OR ", checks)).append(')');
            } else {
                // the rows' places (ctid), read where they lie, as the store collects on PostgreSQL (the TID scan
                // drops repeated places itself); where the probe expects more than four pages' worth, only the first
                // 204 found in the list's order, and all of them when the filters leave fewer than a page (the
                // store's first page does the same)
                List<String> selects = new ArrayList<>();
                List<String> firsts = new ArrayList<>();
                String column = query.byName() ? "name_key" : "updated_at";
                for (int i = 0; i < arms.size(); i++) {
                    selects.add("SELECT ctid FROM core_customer WHERE " + arms.get(i));
                    firsts.add("(SELECT ctid, " + column + " AS k, id FROM core_customer WHERE " + arms.get(i)
                            + " AND deleted_at IS NULL OFFSET 0)");
                    parameters.addAll(armParameters.get(i));
                }
                String all = " AND c.ctid = ANY (ARRAY(" + String.join(" UNION ALL ", selects) + "))";
                if (estimate > 4 * 51) {
                    String direction = query.byName() ? " ASC" : " DESC";
                    whole = sql + all;
                    sql.append(" AND c.ctid = ANY (ARRAY(SELECT ctid FROM (").append(String.join(" UNION ALL ", firsts))
                            .append(") found ORDER BY k").append(direction).append(", id").append(direction)
                            .append(" LIMIT ").append(4 * 51).append("))");
                } else {
                    sql.append(all);
                }
            }
        }
        StringBuilder filters = new StringBuilder();
        if (query.stage() != null) {
            filters.append(" AND c.stage = ?");
            parameters.add(query.stage());
        }
        if (query.owner() != null) {
            filters.append(" AND c.owner_id = ?");
            parameters.add(adminId);
        }
        filters.append(query.byName() ? " ORDER BY c.name_key ASC, c.id ASC" : " ORDER BY c.updated_at DESC, c.id DESC")
                .append(" LIMIT 51");
        List<String> ids = listIds(db, sql + filters.toString(), parameters);
        if (whole != null && ids.size() < 51) {
            ids = listIds(db, whole + filters, parameters);
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement tags = db.prepareStatement(
                    "SELECT customer_id, tag FROM core_customer_tag WHERE customer_id = ANY (?)")) {
                tags.setArray(1, db.createArrayOf("varchar", ids.toArray()));
                try (ResultSet rows = tags.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(2);
                    }
                }
            }
        }
    }

    private static List<String> listIds(Connection db, String sql, List<Object> parameters) throws Exception {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString("id"));
                }
            }
        }
        return ids;
    }

    /** The JVM options Relata's bin/setenv gives on this machine's Java, without the caller's EXTRA_JAVA_OPTS. */
    private static String relataMemoryOptions(Path relataHome) throws Exception {
        ProcessBuilder setenv = new ProcessBuilder("sh", "-c", ". bin/setenv && printf %s \"$EXTRA_JAVA_OPTS\"")
                .directory(relataHome.toFile()).redirectErrorStream(true);
        setenv.environment().remove("EXTRA_JAVA_OPTS");
        Process shell = setenv.start();
        String options = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (shell.waitFor() != 0 || !options.contains("-Xmx")) {
            throw new IllegalStateException("reading the JVM options of " + relataHome + "/bin/setenv: " + options);
        }
        return options;
    }

    private static void jcmd(Karaf relata, String... command) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> line = new ArrayList<>(List.of(Path.of(java).resolveSibling("jcmd").toString(),
                String.valueOf(relata.jvmPid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
    }

    /** Resident memory of the Relata JVM, idle after the load scenarios warmed it up. */
    private void idleMemory(Karaf relata) throws Exception {
        long idleSeconds = Long.parseLong(args.getOrDefault("idle", full ? "30" : "20"));
        Thread.sleep(idleSeconds * 1000);
        double rss = relata.rssMiB();
        long threads = relata.threads();
        jcmd(relata, "GC.run");
        Thread.sleep(3000);
        double afterGc = relata.rssMiB();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("idleSeconds", idleSeconds);
        memory.put("rssMiB", Load.round(rss));
        memory.put("rssAfterFullGcMiB", Load.round(afterGc));
        memory.put("threads", threads);
        scenarios.put("idleMemory", memory);
        log("idle RSS " + Load.round(rss) + " MiB (" + threads + " threads), after a full GC " + Load.round(afterGc)
                + " MiB");
        target("Idle RSS of the Relata JVM < 350 MB (after the load scenarios, " + idleSeconds + " s idle)",
                "< 350 MiB", rss, rss < 350);
    }

    /** Stock Karaf 4.4.10 booting http, jdbc and jpa in a second boot stage, as Relata boots relata-core. */
    private void bootComparison(Karaf relataServer, Duration firstLoadedBoot) throws Exception {
        List<Double> relataBoots = new ArrayList<>();
        Path home = Path.of(args.get("stock-home"));
        Karaf stock = new Karaf("stock-karaf", home, pids);
        Path etc = home.resolve("etc");
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + stock.sshPort);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099",
                "rmiRegistryPort = " + Karaf.freePort());
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444",
                "rmiServerPort = " + Karaf.freePort());
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + stock.httpPort
                + "\norg.osgi.service.http.host = 127.0.0.1\n");
        List<String> lines = new ArrayList<>(Files.readAllLines(etc.resolve("org.apache.karaf.features.cfg")));
        int first = lines.indexOf("featuresBoot = \\");
        if (first < 0) {
            throw new IllegalStateException("stock Karaf's features.cfg has no 'featuresBoot = \\' line");
        }
        StringBuilder stage = new StringBuilder();
        int last = first;
        while (lines.get(last).endsWith("\\")) {
            last++;
            stage.append(lines.get(last).replace("\\", "").trim()).append(' ');
        }
        lines.subList(first, last + 1).clear();
        lines.add(first, "featuresBoot = ( " + stage.toString().trim() + " ), ( http, jdbc, jpa )");
        String features = String.join("\n", lines) + "\n";
        Files.writeString(etc.resolve("org.apache.karaf.features.cfg"), features);
        // artifacts from Relata's system/ and this machine's Maven repository, cached in bench/target; Central last
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "\norg.ops4j.pax.url.mvn.repositories="
                + Path.of(args.get("relata-home")).resolve("system").toUri() + "@id=relata@snapshots, "
                + Path.of(System.getProperty("user.home"), ".m2/repository").toUri() + "@id=m2@snapshots, "
                + "https://repo1.maven.org/maven2@id=central\n"
                + "org.ops4j.pax.url.mvn.localRepository=" + args.get("stock-repo") + "\n",
                StandardOpenOption.APPEND);
        // the memory settings Relata's bin/setenv gives its JVM on this Java (Karaf 4.4's own scripts ignore
        // JAVA_MAX_MEM), read from the JVM Relata runs with, so that both sides run with the same
        stock.environment.put("EXTRA_JAVA_OPTS", relataMemoryOptions(Path.of(args.get("relata-home"))));
        stock.environment.put("MALLOC_ARENA_MAX", "2");
        List<Double> stockBoots = new ArrayList<>();
        int relataBootsWithClassArchive = 0;
        Map<String, Object> settled = settleWrites();
        Path bootLogs = work.resolve("boot-logs");
        Files.createDirectories(bootLogs);
        try (stock) {
            // an unmeasured first boot fetches whatever the boot needs into the cache
            for (int i = -1; i < boots; i++) {
                stock.stop();
                stock.wipeData();
                stock.launch();
                Duration http = stock.awaitHttp("/", s -> true, Duration.ofMinutes(5));
                Duration done = stock.awaitFeaturesDone(2, Duration.ofMinutes(5));
                Duration boot = http.compareTo(done) > 0 ? http : done;
                log("stock Karaf boot (" + (i < 0 ? "unmeasured, fills the cache" : "measured") + "): HTTP after "
                        + http.toMillis() + " ms, features done after " + done.toMillis() + " ms");
                stock.stop();
                if (i >= 0) {
                    stockBoots.add(boot.toMillis() / 1000.0);
                    relataServer.wipeData();
                    relataServer.launch();
                    Duration relataBoot = relataServer.awaitHttp("/api/v1/health", s -> s == 200,
                            Duration.ofMinutes(5));
                    if (relataServer.mapsClassArchive()) {
                        relataBootsWithClassArchive++;
                    }
                    relataServer.stop();
                    Path karafLog = relataServer.home.resolve("data/log/karaf.log");
                    if (Files.exists(karafLog)) {
                        Files.copy(karafLog, bootLogs.resolve("relata-boot-" + (i + 1) + ".log"),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                    relataBoots.add(relataBoot.toMillis() / 1000.0);
                    log("Relata boot to health UP (measured): " + relataBoot.toMillis() + " ms");
                }
            }
        }
        double relata = median(relataBoots);
        double karaf = median(stockBoots);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("relataSeconds", relataBoots);
        result.put("relataBootBeforeScenariosSeconds", firstLoadedBoot.toMillis() / 1000.0);
        result.put("stockKarafSeconds", stockBoots);
        result.put("relataMedianSeconds", Load.round(relata));
        result.put("stockKarafMedianSeconds", Load.round(karaf));
        result.put("ratio", Load.round(relata / karaf));
        result.put("writesSettledBeforeBoots", settled);
        result.put("howMeasured", "launch of bin/karaf server with an empty data/ (first boot of the directory) to "
                + "GET /api/v1/health = 200 (Relata, on the loaded PostgreSQL database) and to the HTTP port answering"
                + " and to the log time of the features service's last 'Done.' in karaf.log (stock Karaf 4.4.10,"
                + " featuresBoot stage 2 = http, jdbc, jpa), whichever is later; after one unmeasured stock boot (it"
                + " fills the artifact cache), stock and Relata boot in turn, so that both see the same machine load;"
                + " before them, the scenarios' writes are flushed (PostgreSQL CHECKPOINT, then sync) so that the"
                + " boots do not share the disk with the write-back of the million-row import");
        result.put("relataClassArchive",
                classArchive(relataServer.home, relataBootsWithClassArchive, relataBoots.size()));
        scenarios.put("boot", result);
        target("Boot to health UP ≤ 1.5× stock Karaf with http, jdbc, jpa", "≤ 1.5", relata / karaf,
                relata / karaf <= 1.5);
    }

    /**
     * Flushes what the scenarios wrote (the full run's import writes gigabytes) before the boots are timed, so that
     * no boot shares the disk with PostgreSQL's checkpoint or the kernel's write-back of the import. Records the
     * dirty page cache before and after, and how long the flush took: what was left to write is in the results.
     */
    private Map<String, Object> settleWrites() throws Exception {
        Map<String, Object> settled = new LinkedHashMap<>();
        settled.put("before", writeBackState());
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement s = db.createStatement()) {
            s.execute("CHECKPOINT");
            settled.put("checkpointSeconds", Load.round((System.nanoTime() - start) / 1e9));
        } catch (SQLException e) {
            // CHECKPOINT needs a superuser (or pg_checkpoint from PostgreSQL 15); sync still flushes the kernel's part
            settled.put("checkpoint", "not run: " + e.getMessage());
        }
        long syncStart = System.nanoTime();
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        settled.put("syncExit", sync.waitFor());
        settled.put("syncSeconds", Load.round((System.nanoTime() - syncStart) / 1e9));
        settled.put("after", writeBackState());
        log("writes settled before the boots: " + settled);
        return settled;
    }

    private static String writeBackState() throws IOException {
        Map<String, String> meminfo = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            String key = line.substring(0, line.indexOf(':'));
            if (key.equals("Dirty") || key.equals("Writeback")) {
                meminfo.put(key, line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return "Dirty " + meminfo.get("Dirty") + ", Writeback " + meminfo.get("Writeback") + ", load "
                + Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /**
     * The class archive that Relata's bin/setenv has the server write under cds/ when its first run stops, and map
     * at every later start (outside data/, so a wiped data/ keeps it). Stock Karaf cannot map one: its bin/karaf
     * patches java.base, which turns class data sharing off.
     */
    private static String classArchive(Path relataHome, int mapped, int boots) throws IOException {
        List<Path> archives = new ArrayList<>();
        if (Files.isDirectory(relataHome.resolve("cds"))) {
            try (Stream<Path> files = Files.list(relataHome.resolve("cds"))) {
                archives.addAll(files.toList());
            }
        }
        String archive = archives.isEmpty() ? "no archive in cds/"
                : archives.get(0).getFileName() + " (" + Files.size(archives.get(0)) / (1024 * 1024) + " MiB)";
        return archive + ", mapped by " + mapped + " of the " + boots + " measured Relata boots";
    }

    private static void replace(Path file, String line, String replacement) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(line)) {
            throw new IllegalStateException(file + " has no line '" + line + "'");
        }
        Files.writeString(file, text.replace(line, replacement));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    interface Body {
        void run() throws Exception;
    }

    static Load.Operation operation(Load.HttpConnection http, Body body) {
        return new Load.Operation() {
            @Override
            public void run() throws Exception {
                body.run();
            }

            @Override
            public void close() throws Exception {
                http.close();
            }
        };
    }

    static void expect(int status, int expected, Load.HttpConnection http) throws Load.Failure {
        if (status != expected) {
            String body = http.body == null ? "" : http.body;
            throw new Load.Failure(status + " " + (body.length() > 120 ? body.substring(0, 120) : body));
        }
    }

    private static Map<String, Object> pair(Load.Result relata, Load.Result baseline, double ratio) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("relata", relata.json());
        m.put("baseline", baseline.json());
        m.put("throughputRatio", Load.round(ratio));
        return m;
    }

    void target(String name, String target, double value, boolean pass) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", name);
        t.put("limit", target);
        t.put("value", Load.round(value));
        t.put("result", pass ? "PASS" : "FAIL");
        targets.add(t);
        log((pass ? "PASS " : "FAIL ") + name + ": " + Load.round(value));
    }

    /** The paired scenarios' warm-up, watching the JIT of the JVM that serves them (the bench's own for JDBC). */
    private Load.WarmUp warmUp(long servingJvm) {
        return new Load.WarmUp(warmUp, warmUpCap, () -> Load.compilerSeconds(servingJvm));
    }

    private Load.WarmUp warmUp(Karaf relata) throws IOException {
        return warmUp(relata.jvmPid());
    }

    static String summary(Load.Result r) {
        return String.format("%s: %.1f/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %d errors, %d refused,"
                + " warm-up %.0f s%s%s", r.name(), r.throughput(), r.percentileMs(50), r.percentileMs(95),
                r.percentileMs(99), r.errors(), r.refused(), r.warmedUp().seconds(),
                r.warmedUp().windows().isEmpty() ? ""
                        : (r.warmedUp().steady() ? " (steady)" : " (not steady at the cap)") + " "
                        + r.warmedUp().windows().stream().map(w -> String.valueOf(Math.round(w))).toList(),
                r.errorSamples().isEmpty() ? "" : " " + r.errorSamples());
    }

    static void log(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    private Map<String, Object> machine() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String cpu = "unknown";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        m.put("cpu", cpu);
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                m.put("ramMiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
            }
        }
        m.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private Map<String, Object> versions(Karaf relata) throws Exception {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            v.put("postgresql", r.getString(1));
        }
        v.put("relataCommit", args.getOrDefault("commit", "unknown"));
        v.put("relataDistribution", args.getOrDefault("dist", "unknown"));
        v.put("karaf", "4.4.10");
        return v;
    }

    private String databaseSize() throws Exception {
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
            r.next();
            return r.getString(1);
        }
    }

    private void write(Instant started) throws IOException {
        Path results = Path.of(args.get("results"));
        Files.createDirectories(results);
        String stamp = args.getOrDefault("stamp", started.toString().replace(":", "").replaceAll("\\.\\d+", ""));
        Path json = results.resolve(stamp + ".json");
        JSON.writeValue(json.toFile(), report);
        Path md = results.resolve(stamp + ".md");
        Files.writeString(md, Markdown.of(report));
        log("results: " + md + " and " + json);
    }

    /** The baseline server in a JVM of its own. */
    static final class Baseline implements AutoCloseable {
        final int port;
        private final Process process;
        private final Path pids;

        private Baseline(int port, Process process, Path pids) {
            this.port = port;
            this.process = process;
            this.pids = pids;
        }

        static Baseline start(Path work, Path pids, String url, String user, String password) throws Exception {
            int port = Karaf.freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Xmx1024m", "-cp", System.getProperty("java.class.path"),
                    BaselineServer.class.getName(), String.valueOf(port), url, user, password)
                    .redirectErrorStream(true).redirectOutput(work.resolve("baseline.out").toFile()).start();
            Files.createDirectories(pids);
            Files.writeString(pids.resolve("baseline.pid"), String.valueOf(process.pid()));
            Baseline baseline = new Baseline(port, process, pids);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try (Load.HttpConnection probe = new Load.HttpConnection("127.0.0.1", port)) {
                    probe.send("GET", "/customers/none", Map.of(), null);
                    return baseline;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        baseline.close();
                        throw new IllegalStateException("the baseline server did not start; see baseline.out");
                    }
                    Thread.sleep(200);
                }
            }
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pids.resolve("baseline.pid"));
        }
    }
}
