package io.relata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The suite as a developer runs it: {@code bench/run.sh --smoke} on the distribution this build made, on the
 * local PostgreSQL (or a throwaway one where none answers), through to its results files and its clean-up. The
 * figures of a smoke run mean nothing; what is checked is that every scenario ran and was reported, so that a
 * change to Relata that breaks the suite (a new NOT NULL column the data set does not fill, a route it calls, a
 * boot it waits for) fails the build rather than the next benchmark run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchSmokeIT {

    /** The targets of issue #8, each reported as a PASS or FAIL line, by the start of their names. */
    private static final List<String> TARGETS = List.of("REST GET by id", "Customer list/search p95",
            "Concurrency, GET by id", "Concurrency, filtered list", "REST create", "CSV import of", "Hot deploy",
            "Hot undeploy", "Heap growth", "Idle RSS", "Boot to health UP");
    private static final long TIMEOUT_MINUTES = 15;

    private Path results;
    private Path log;
    private String output;
    private JsonNode report;
    private String markdown;

    @BeforeAll
    void runTheSuite() throws Exception {
        Path bench = Path.of(System.getProperty("relata.bench", ".")).toAbsolutePath().normalize();
        Path distribution = Path.of(System.getProperty("relata.distribution", "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(distribution)) {
            fail("no distribution at " + distribution + ": build it first (mvn -B verify from the root builds it"
                    + " before this module)");
        }
        results = bench.resolve("target/smoke-results");
        deleteTree(results);
        log = bench.resolve("target/smoke-run.log");
        Process run = new ProcessBuilder("bash", bench.resolve("run.sh").toString(), "--smoke",
                "--dist", distribution.toString(), "--results", results.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            // run.sh's own clean-up stops what it started on SIGTERM
            run.destroy();
            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
            }
            fail("bench/run.sh --smoke did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + tail());
        }
        output = Files.readString(log);
        assertThat(run.exitValue()).as("bench/run.sh --smoke exit status; its output:\n%s", tail()).isZero();
        List<Path> files;
        try (Stream<Path> listed = Files.list(results)) {
            files = listed.sorted().toList();
        }
        assertThat(files).as("one .json and one .md").hasSize(2);
        report = new ObjectMapper().readTree(files.get(0).toFile());
        markdown = Files.readString(files.get(1));
    }

    @Test
    void theRunIsMarkedASmokeRunThatMeasuresNothing() {
        assertThat(report.path("mode").asText()).isEqualTo("smoke");
        assertThat(report.has("error")).as("error: %s", report.path("error")).isFalse();
        assertThat(report.path("settings").path("rows").asLong()).isEqualTo(2000);
        assertThat(report.path("dataSet").path("customers").asLong()).isEqualTo(2000);
        assertThat(report.path("dataSet").path("contacts").asLong()).isPositive();
        assertThat(markdown).startsWith("# Relata benchmark, smoke run of").contains("**SMOKE RUN**");
    }

    @Test
    void everyTargetIsReportedAsAPassOrFailLineWithItsFigure() {
        List<String> reported = new ArrayList<>();
        for (JsonNode target : report.path("targets")) {
            String name = target.path("target").asText();
            assertThat(target.path("result").asText()).as(name).isIn("PASS", "FAIL");
            assertThat(target.path("value").isNumber()).as("%s: a figure, not %s", name, target.path("value"))
                    .isTrue();
            reported.add(name);
            assertThat(markdown).contains(target.path("result").asText() + "  " + name + ": ");
        }
        assertThat(reported).hasSize(TARGETS.size());
        for (int i = 0; i < TARGETS.size(); i++) {
            assertThat(reported.get(i)).startsWith(TARGETS.get(i));
        }
    }

    @Test
    void thePairedScenariosRanBothSidesWithoutAnError() {
        JsonNode scenarios = report.path("scenarios");
        for (String[] side : new String[][] {{"getById", "relata"}, {"getById", "baseline"}, {"create", "relata"},
            {"create", "baseline"}, {"listSearch", "rest"}, {"listSearch", "sqlBaseline"}}) {
            JsonNode figures = scenarios.path(side[0]).path(side[1]);
            String name = side[0] + "." + side[1];
            assertThat(figures.path("operations").asLong()).as(name + " operations").isPositive();
            assertThat(figures.path("errors").asLong()).as(name + " errors: %s", figures.path("errorSamples"))
                    .isZero();
            assertThat(figures.path("p95Ms").isNumber()).as(name + " p95").isTrue();
        }
        assertThat(scenarios.path("getById").path("throughputRatio").asDouble()).isPositive();
        assertThat(scenarios.path("create").path("throughputRatio").asDouble()).isPositive();
        for (String side : List.of("getById", "filteredList")) {
            JsonNode figures = scenarios.path("concurrency").path(side);
            assertThat(figures.path("connections").asInt()).isEqualTo(Concurrency.CONNECTIONS);
            assertThat(figures.path("operations").asLong()).as("concurrency " + side).isPositive();
        }
    }

    @Test
    void theImportJobImportedTheWholeFileNextToItsCopy() {
        JsonNode csv = report.path("scenarios").path("csvImport");
        assertThat(csv.path("rows").asLong()).isEqualTo(1000);
        assertThat(csv.path("import").path("jobState").asText()).isEqualTo("SUCCEEDED");
        assertThat(csv.path("import").path("jobResult").path("created").asLong()).isEqualTo(1000);
        assertThat(csv.path("import").path("rowCountRight").asBoolean()).isTrue();
        assertThat(csv.path("copy").path("rowsPerSecond").asDouble()).isPositive();
        assertThat(csv.path("ratio").isNumber()).isTrue();
    }

    @Test
    void thePluginWasDeployedAndRemovedWhileCoreKeptAnswering() {
        JsonNode hot = report.path("scenarios").path("hotDeploy");
        assertThat(hot.path("timedCycles").asInt()).isEqualTo(3);
        assertThat(hot.path("leakCycles").asInt()).isEqualTo(5);
        assertThat(hot.path("deploy").path("medianMs").asLong()).isPositive();
        assertThat(hot.path("undeploy").path("medianMs").asLong()).isPositive();
        assertThat(hot.path("coreEndpointRequests").asLong()).isPositive();
        assertThat(hot.path("coreEndpointFailuresByStatus").size()).as("%s", hot.path("coreEndpointFailuresByStatus"))
                .isZero();
    }

    @Test
    void memoryAndBothBootsWereMeasured() {
        JsonNode scenarios = report.path("scenarios");
        assertThat(scenarios.path("idleMemory").path("rssMiB").asDouble()).isPositive();
        JsonNode boot = scenarios.path("boot");
        assertThat(boot.path("relataSeconds")).hasSize(1);
        assertThat(boot.path("stockKarafSeconds")).hasSize(1);
        assertThat(boot.path("ratio").asDouble()).isPositive();
    }

    @Test
    void theRunStoppedEverythingItStartedAndDroppedItsDatabase() throws Exception {
        assertThat(output).contains("done: " + results);
        Matcher work = Pattern.compile("servers' directories and logs kept in (\\S+)").matcher(output);
        assertThat(work.find()).as("a successful run deletes its work directory").isFalse();
        Matcher stamp = Pattern.compile("done: .*/([0-9TZ-]+)\\.md").matcher(output);
        assertThat(stamp.find()).isTrue();
        List<String> left = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(command -> command.contains("work/" + stamp.group(1)))
                .toList();
        assertThat(left).as("processes of the run still alive").isEmpty();

        Matcher created = Pattern.compile("PostgreSQL at (\\S+):(\\d+): creating database (\\w+)").matcher(output);
        assertThat(created.find()).isTrue();
        if (output.contains("throwaway PostgreSQL stopped")) {
            return; // the whole server is gone, database and all
        }
        assertThat(output).contains("dropping database " + created.group(3));
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + created.group(1) + ":"
                + created.group(2) + "/postgres", "postgres", "");
             PreparedStatement exists = db.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            exists.setString(1, created.group(3));
            try (ResultSet r = exists.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).as("database " + created.group(3)).isZero();
            }
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
