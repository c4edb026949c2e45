package io.relata.bench;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * CSV import of the data set's customers through Relata's import job, as a user runs it over REST (upload, mapping,
 * start, follow the job to its end), against PostgreSQL {@code COPY} of the same file into a table with the
 * file's columns, typed as {@code core_customer}'s, in the same database. Target (issue #8): import ≥ 0.3× COPY,
 * in rows per second.
 */
final class ImportScenario {

    /** The field each column of {@link DataSet#CSV_HEADERS} is for, as a user would map it. */
    static final Map<String, String> MAPPING = new LinkedHashMap<>();

    static {
        List<String> fields = List.of("name", "kind", "legalName", "email", "phone", "website", "address.street",
                "address.city", "address.postalCode", "address.country", "stage", "tags", "ownerId");
        for (int i = 0; i < fields.size(); i++) {
            MAPPING.put(DataSet.CSV_HEADERS.get(i), fields.get(i));
        }
    }

    /** The baseline's table: core_customer's columns the file carries, in the file's order, no index. */
    private static final String COPY_TABLE = "bench_import_copy";
    private static final String COPY_TABLE_DEFINITION = "CREATE TABLE " + COPY_TABLE + " AS SELECT c.name,"
            + " c.kind, c.legal_name, c.email, c.phone, c.website, c.street, c.city, c.postal_code, c.country,"
            + " c.stage, t.tag AS tags, c.owner_id AS owner FROM core_customer c, core_customer_tag t WITH NO DATA";
    private static final int COPY_RUNS = 3;
    private static final long FLOOR_ROWS_AT_MOST = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The job did not end within {@code --import-minutes}; it was cancelled. */
    private static final class TooSlow extends Exception {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    private final Bench bench;
    private final Karaf relata;
    private final String token;

    private ImportScenario(Bench bench, Karaf relata, String token) {
        this.bench = bench;
        this.relata = relata;
        this.token = token;
    }

    static void run(Bench bench, Karaf relata, String token, String adminId) throws Exception {
        new ImportScenario(bench, relata, token).run(adminId);
    }

    private void run(String adminId) throws Exception {
        // quick: a sample, so that the run stays within its 5 minutes; full: as many customers as the data set has
        long wanted = Long.parseLong(bench.args.getOrDefault("import-rows", bench.full ? String.valueOf(bench.rows)
                : "5000"));
        long count = Math.min(wanted, bench.rows);
        Path file = bench.work.resolve("import-customers.csv");
        DataSet dataSet = new DataSet(bench.rows, bench.seed, adminId);
        long rows = dataSet.writeCsv(file, count, "admin");
        long bytes = Files.size(file);
        Bench.log("import file: " + rows + " customers, " + bytes / 1024 + " KiB");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("fileBytes", bytes);
        result.put("dataSetRows", bench.rows);
        result.put("columns", DataSet.CSV_HEADERS);

        Map<String, Object> copy = copy(file, rows);
        result.put("copy", copy);
        Map<String, Object> imported;
        try {
            imported = importJob(file, rows);
        } catch (TooSlow e) {
            // the scenarios after this one still run: a slow import is a failed target, not a failed run
            result.put("error", e.getMessage());
            bench.scenarios.put("csvImport", result);
            bench.notes.add("CSV import: " + e.getMessage());
            bench.target("CSV import of " + rows + " customers ≥ 0.3× PostgreSQL COPY of the same file (rows/s):"
                    + " not finished in time", "≥ 0.3", 0.0, false);
            Files.deleteIfExists(file);
            return;
        }
        result.put("import", imported);
        // after the import, so that the rows it rolls back leave nothing in the indexes the import writes to
        Map<String, Object> relataTables = copyIntoRelataTables(dataSet, rows);
        result.put("copyIntoRelataTables", relataTables);

        double importRate = (double) imported.get("rowsPerSecond");
        double copyRate = (double) copy.get("rowsPerSecond");
        double ratio = importRate / copyRate;
        double floorRate = (double) relataTables.get("rowsPerSecond");
        result.put("ratio", Math.round(ratio * 10_000) / 10_000.0);
        result.put("ratioToCopyIntoRelataTables", Math.round(importRate / floorRate * 10_000) / 10_000.0);
        result.put("howMeasured", "import: from the start of the upload (POST /api/v1/imports, the file as the body)"
                + " to the job's end seen by polling GET /api/v1/jobs/{id} every 250 ms, duplicates=skip (every row"
                + " checked), as the admin; COPY: " + COPY_TABLE + " FROM STDIN (FORMAT csv, HEADER) through the JDBC"
                + " driver's CopyManager reading the same file, into a table of core_customer's columns the file"
                + " carries, without indexes, in the same database; median of " + COPY_RUNS + " runs, each into the"
                + " emptied table");
        bench.scenarios.put("csvImport", result);
        Bench.log("import " + Load.round(importRate) + " rows/s, COPY " + Load.round(copyRate) + " rows/s, COPY into"
                + " core_customer with its indexes " + Load.round(floorRate) + " rows/s (import "
                + String.format(java.util.Locale.ROOT, "%.2f", importRate / floorRate) + "× of it)");
        bench.target("CSV import of " + rows + " customers ≥ 0.3× PostgreSQL COPY of the same file (rows/s; import "
                + Load.round(importRate) + "/s, COPY " + Load.round(copyRate) + "/s, ratio "
                + String.format(java.util.Locale.ROOT, "%.4f", ratio) + ", row count "
                + (Boolean.TRUE.equals(imported.get("rowCountRight")) ? "right" : "WRONG") + ")", "≥ 0.3", ratio,
                ratio >= 0.3 && Boolean.TRUE.equals(imported.get("rowCountRight")));
        if (rows < bench.rows) {
            bench.notes.add("The CSV import scenario imported the first " + rows + " of the data set's " + bench.rows
                    + " customers (--import-rows), and COPY the same file.");
        }
        Files.deleteIfExists(file);
    }

    /** The import over REST: upload, the mapping, start, the job followed to its end; then the rows counted. */
    private Map<String, Object> importJob(Path file, long rows) throws Exception {
        long before = liveCustomers();
        long started = System.nanoTime();
        HttpResponse<String> upload = Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri(
                "/api/v1/imports?recordType=customer&fileName=bench-customers.csv"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (upload.statusCode() != 201) {
            throw new IllegalStateException("import upload: " + upload.statusCode() + " " + upload.body());
        }
        double uploadSeconds = (System.nanoTime() - started) / 1e9;
        JsonNode uploaded = JSON.readTree(upload.body());
        String importId = uploaded.path("id").asText();
        Map<String, String> suggested = new LinkedHashMap<>();
        uploaded.path("suggestedMapping").fields().forEachRemaining(e -> suggested.put(e.getKey(),
                e.getValue().asText()));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("mapping", MAPPING);
        start.put("dryRun", false);
        start.put("duplicates", "skip");
        HttpResponse<String> started202 = Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri("/api/v1/imports/"
                + importId + "/start")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(start))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started202.statusCode() != 202) {
            throw new IllegalStateException("import start: " + started202.statusCode() + " " + started202.body());
        }
        String jobId = JSON.readTree(started202.body()).path("id").asText();
        Duration limit = Duration.ofMinutes(Long.parseLong(bench.args.getOrDefault("import-minutes",
                bench.full ? "15" : "5")));
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode job;
        while (true) {
            HttpResponse<String> poll = Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri("/api/v1/jobs/" + jobId))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            job = JSON.readTree(poll.body());
            String state = job.path("state").asText();
            if (poll.statusCode() == 200 && (state.equals("SUCCEEDED") || state.equals("FAILED")
                    || state.equals("CANCELLED"))) {
                break;
            }
            if (System.nanoTime() > deadline) {
                // a stuck or very slow import must not hold up the rest of the run, nor go on writing under it
                Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri("/api/v1/jobs/" + jobId + "/cancel"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
                throw new TooSlow("the import job did not end within " + limit + " (--import-minutes) and was"
                        + " cancelled: " + poll.body());
            }
            // about as often as the job writes its progress (every half second)
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = liveCustomers();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", Load.round(seconds));
        m.put("rowsPerSecond", Load.round(rows / seconds));
        m.put("uploadSeconds", Load.round(uploadSeconds));
        m.put("jobState", job.path("state").asText());
        m.put("jobMessage", job.path("message").asText());
        m.put("jobResult", JSON.convertValue(job.path("result"), Map.class));
        m.put("jobStartedAt", job.path("startedAt").asText());
        m.put("jobFinishedAt", job.path("finishedAt").asText());
        m.put("suggestedMappingAsSent", suggested.equals(MAPPING));
        long created = job.path("result").path("created").asLong(-1);
        m.put("customersBefore", before);
        m.put("customersAfter", after);
        boolean right = job.path("state").asText().equals("SUCCEEDED") && created == rows
                && after - before == rows && job.path("result").path("rejected").asLong(-1) == 0
                && job.path("result").path("skipped").asLong(-1) == 0;
        m.put("rowCountRight", right);
        Bench.log("import over REST: " + rows + " rows in " + Load.round(seconds) + " s (upload "
                + Load.round(uploadSeconds) + " s): " + job.path("message").asText() + "; customers " + before
                + " → " + after);
        if (!right) {
            bench.notes.add("CSV import: the row count is WRONG: the job says " + job.path("message").asText()
                    + ", live customers went from " + before + " to " + after + " for " + rows + " rows; first"
                    + " issues: " + issues(importId));
        }
        if (!suggested.equals(MAPPING)) {
            bench.notes.add("CSV import: the suggested mapping " + suggested + " differs from the one sent");
        }
        return m;
    }

    /**
     * The same customers COPYed into {@code core_customer} and {@code core_customer_tag} themselves, with every index
     * the list and search need (trigram and character-pair GIN indexes among them), in a transaction that is rolled
     * back: what any import, however it were written, pays at least to store these rows in Relata's schema. Not a
     * target of the issue; it shows how much of the gap to the plain COPY is the schema's and how much the import's.
     * Three runs in a quick run; in a full run one run of the file's first {@link #FLOOR_ROWS_AT_MOST} customers:
     * the rate per row is what is compared, and a million rows would take the full run two to three minutes more.
     * The sample goes into the tables as the import left them, as a million rows would; its rate is, if anything, a
     * little higher than theirs (the indexes grow less while it runs), so the import's share of it a little lower.
     */
    private Map<String, Object> copyIntoRelataTables(DataSet dataSet, long fileRows) throws Exception {
        long rows = Math.min(fileRows, FLOOR_ROWS_AT_MOST);
        int runs = rows > 100_000 ? 1 : COPY_RUNS;
        List<Double> seconds = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(bench.dbUrl, bench.dbUser, bench.dbPassword)) {
            db.setAutoCommit(false);
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                long written;
                try {
                    written = dataSet.copyImported(db, rows);
                } finally {
                    db.rollback();
                }
                seconds.add((System.nanoTime() - started) / 1e9);
                if (written != rows) {
                    throw new IllegalStateException("COPY into core_customer wrote " + written + " rows of " + rows);
                }
            }
        }
        Map<String, Object> m = medianOf(seconds, rows);
        m.put("rows", rows);
        m.put("howMeasured", "COPY core_customer and core_customer_tag FROM STDIN of the file's "
                + (rows < fileRows ? "first " + rows + " customers" : "customers") + " as the"
                + " import stores them (ids, search keys, owner, times), on the loaded tables with all their indexes,"
                + " in one transaction, timed up to its rollback (which PostgreSQL does in a moment)");
        Bench.log("COPY into core_customer with its indexes (rolled back): " + rows + " rows in " + m.get("seconds")
                + " s (" + m.get("runsSeconds") + ")");
        return m;
    }

    private String issues(String importId) throws Exception {
        HttpResponse<String> issues = Karaf.HTTP.send(HttpRequest.newBuilder(relata.uri("/api/v1/imports/"
                + importId + "/errors?limit=5")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return issues.body().length() > 1000 ? issues.body().substring(0, 1000) : issues.body();
    }

    /** COPY of the file, {@link #COPY_RUNS} times into the emptied table; the median run counts. */
    private Map<String, Object> copy(Path file, long rows) throws Exception {
        List<Double> runs = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(bench.dbUrl, bench.dbUser, bench.dbPassword);
             Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            s.execute(COPY_TABLE_DEFINITION);
            try {
                for (int i = 0; i < COPY_RUNS; i++) {
                    s.execute("TRUNCATE " + COPY_TABLE);
                    long started = System.nanoTime();
                    long copied;
                    try (InputStream in = Files.newInputStream(file)) {
                        copied = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + COPY_TABLE
                                + " FROM STDIN (FORMAT csv, HEADER true, ENCODING 'UTF8')", in, 1 << 16);
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + COPY_TABLE)) {
                        r.next();
                        if (copied != rows || r.getLong(1) != rows) {
                            throw new IllegalStateException("COPY wrote " + copied + " rows (" + r.getLong(1)
                                    + " counted) of " + rows);
                        }
                    }
                    runs.add(seconds);
                }
            } finally {
                s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            }
        }
        Map<String, Object> m = medianOf(runs, rows);
        m.put("table", COPY_TABLE_DEFINITION.replace(" WITH NO DATA", ""));
        Bench.log("COPY: " + rows + " rows in " + m.get("seconds") + " s (median of " + m.get("runsSeconds") + ")");
        return m;
    }

    /** The runs, their median, and the rows per second at the median. */
    private static Map<String, Object> medianOf(List<Double> runsSeconds, long rows) {
        List<Double> sorted = new ArrayList<>(runsSeconds);
        java.util.Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runsSeconds", runsSeconds.stream().map(ImportScenario::millis).toList());
        m.put("seconds", millis(median));
        m.put("rowsPerSecond", Load.round(rows / median));
        return m;
    }

    /** Seconds to the millisecond: a COPY of a quick run's file takes a fraction of a second. */
    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private long liveCustomers() throws Exception {
        try (Connection db = DriverManager.getConnection(bench.dbUrl, bench.dbUser, bench.dbPassword);
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM core_customer WHERE deleted_at IS NULL")) {
            r.next();
            return r.getLong(1);
        }
    }
}
