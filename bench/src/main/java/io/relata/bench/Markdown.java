package io.relata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The human-readable results file: the same figures as the JSON one. */
final class Markdown {

    private Markdown() {
    }

    /**
     * Writes the {@code .md} of a results file again from its {@code .json}, after this class learnt to show more:
     * {@code java -cp 'bench/target/relata-bench-*.jar:bench/target/lib/*' io.relata.bench.Markdown results/X.json}.
     */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        for (String json : args) {
            Path file = Path.of(json);
            Map<String, Object> report = new ObjectMapper().readValue(file.toFile(), Map.class);
            Files.writeString(file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", ".md")),
                    of(report));
        }
    }

    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> report) {
        StringBuilder md = new StringBuilder();
        md.append("# Relata benchmark, ").append(report.get("mode")).append(" run of ").append(report.get("startedAt"))
                .append("\n\n");
        md.append("Every figure is measured in this run, on this machine, on the same PostgreSQL database; compare the"
                + " ratios, not the absolute numbers, across machines.\n\n");
        if ("smoke".equals(report.get("mode"))) {
            md.append("**SMOKE RUN**: every scenario ran once, briefly, on a small data set, to check that the suite"
                    + " works. Its figures and PASS/FAIL lines are no measurement.\n\n");
        }
        if (report.get("error") != null) {
            md.append("**The run failed**: ").append(report.get("error"))
                    .append(" (the figures below are what was measured before)\n\n");
        }
        md.append("## Targets\n\n");
        for (Map<String, Object> t : (List<Map<String, Object>>) report.get("targets")) {
            md.append("    ").append(t.get("result")).append("  ").append(t.get("target")).append(": ")
                    .append(t.get("value")).append(" (").append(t.get("limit")).append(")\n");
        }
        md.append("\n## Machine, versions, settings\n\n");
        section(md, (Map<String, Object>) report.get("machine"));
        section(md, (Map<String, Object>) report.get("versions"));
        section(md, (Map<String, Object>) report.get("settings"));
        md.append("\n## Data set\n\n");
        section(md, (Map<String, Object>) report.get("dataSet"));

        Map<String, Object> scenarios = (Map<String, Object>) report.get("scenarios");
        md.append("\n## Load scenarios\n\n");
        md.append("| Scenario | Side | Connections | Ops | Throughput/s | p50 ms | p95 ms | p99 ms | max ms | Errors |"
                + " Refused | Warm-up s |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        row(md, "GET customer by id", "Relata REST (API token)", scenarios, "getById", "relata");
        row(md, "GET customer by id", "bare Jetty 9.4 + JDBC servlet", scenarios, "getById", "baseline");
        row(md, "Create customer", "Relata REST", scenarios, "create", "relata");
        row(md, "Create customer", "raw JDBC insert", scenarios, "create", "baseline");
        row(md, "List + search (mix)", "Relata REST", scenarios, "listSearch", "rest");
        row(md, "List + search (mix)", "the same SQL by hand", scenarios, "listSearch", "sqlBaseline");
        md.append("\nThroughput ratios: GET ").append(ratio(scenarios, "getById")).append(", create ")
                .append(ratio(scenarios, "create")).append(".\n");

        Map<String, Object> list = (Map<String, Object>) scenarios.get("listSearch");
        if (list != null) {
            md.append("\n### List and search by kind of query\n\n| Kind | Requests | REST p50 ms | REST p95 ms |"
                    + " SQL p50 ms | SQL p95 ms |\n|---|---|---|---|---|---|\n");
            ((Map<String, Map<String, Object>>) list.get("byKind")).forEach((kind, k) -> md.append("| ").append(kind)
                    .append(" | ").append(k.get("count")).append(" | ").append(k.get("restP50Ms")).append(" | ")
                    .append(k.get("restP95Ms")).append(" | ").append(k.get("sqlP50Ms")).append(" | ")
                    .append(k.get("sqlP95Ms")).append(" |\n"));
            Map<String, Map<String, Object>> byQuery = (Map<String, Map<String, Object>>) list.get("byQuery");
            if (byQuery != null) {
                md.append("\nBy query (each `GET /api/v1/customers?...`, in turn):\n\n| Query | Requests"
                        + " | REST p50 ms | REST p95 ms | SQL p50 ms | SQL p95 ms |\n|---|---|---|---|---|---|\n");
                byQuery.forEach((query, k) -> md.append("| `").append(query).append("` | ").append(k.get("count"))
                        .append(" | ").append(k.get("restP50Ms")).append(" | ").append(k.get("restP95Ms"))
                        .append(" | ").append(k.get("sqlP50Ms")).append(" | ").append(k.get("sqlP95Ms"))
                        .append(" |\n"));
            } else {
                md.append("\nThe queries (each `GET /api/v1/customers?...`, in turn):\n\n");
                for (Object q : (List<Object>) list.get("queries")) {
                    md.append("* `").append(q).append("`\n");
                }
            }
        }
        Map<String, Object> concurrency = (Map<String, Object>) scenarios.get("concurrency");
        if (concurrency != null) {
            md.append("\n## Concurrency\n\n| Scenario | Connections | Ops | Throughput/s | p50 ms | p95 ms | p99 ms |"
                    + " max ms | Error answers | I/O failures | Errors % | Refused (warm-up included) |"
                    + " Relata WARN/ERROR log lines |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (String key : List.of("getById", "filteredList")) {
                Map<String, Object> r = (Map<String, Object>) concurrency.get(key);
                if (r == null) {
                    continue;
                }
                Map<String, Object> log = (Map<String, Object>) r.get("serverLog");
                md.append("| ").append(key.equals("getById") ? "GET by id" : "filtered list").append(" | ")
                        .append(r.get("connections")).append(" | ").append(r.get("operations")).append(" | ")
                        .append(r.get("throughputPerSecond")).append(" | ").append(r.get("p50Ms")).append(" | ")
                        .append(r.get("p95Ms")).append(" | ").append(r.get("p99Ms")).append(" | ")
                        .append(r.get("maxMs")).append(" | ").append(r.get("errorAnswers")).append(" | ")
                        .append(r.get("ioFailures")).append(" | ").append(r.get("errorPercent")).append(" | ")
                        .append(r.get("refusedIncludingWarmUp")).append(" | ").append(log.get("warnLines"))
                        .append('/').append(log.get("errorLines")).append(" |\n");
            }
            md.append("\nThe list requests, in turn: ").append(concurrency.get("listQueries")).append(". ")
                    .append(concurrency.get("howMeasured")).append(".\n");
            for (String key : List.of("getById", "filteredList")) {
                Map<String, Object> r = (Map<String, Object>) concurrency.get(key);
                if (r != null && !((Map<String, Object>) r.get("errorSamples")).isEmpty()) {
                    md.append("\n").append(key).append(" errors: ").append(r.get("errorSamples")).append('\n');
                }
                Map<String, Object> log = r == null ? null : (Map<String, Object>) r.get("serverLog");
                if (log != null && log.get("kinds") != null && !((Map<String, Object>) log.get("kinds")).isEmpty()) {
                    md.append("\n").append(key).append(", Relata's log: ").append(log.get("kinds")).append('\n');
                }
            }
        }
        Map<String, Object> csv = (Map<String, Object>) scenarios.get("csvImport");
        if (csv != null) {
            Map<String, Object> imported = (Map<String, Object>) csv.get("import");
            Map<String, Object> copy = (Map<String, Object>) csv.get("copy");
            Map<String, Object> floor = (Map<String, Object>) csv.get("copyIntoRelataTables");
            md.append("\n## CSV import\n\n| Side | Rows | Seconds | Rows/s |\n|---|---|---|---|\n");
            if (imported != null) {
                md.append("| Relata import job over REST (upload to job end) | ").append(csv.get("rows")).append(" | ")
                        .append(imported.get("seconds")).append(" | ").append(imported.get("rowsPerSecond"))
                        .append(" |\n");
            }
            if (copy != null) {
                md.append("| PostgreSQL COPY of the same file | ").append(csv.get("rows")).append(" | ")
                        .append(copy.get("seconds")).append(" | ").append(copy.get("rowsPerSecond")).append(" |\n");
            }
            if (floor != null) {
                md.append("| For reference: COPY of the same customers into core_customer with its indexes,"
                        + " rolled back | ").append(floor.getOrDefault("rows", csv.get("rows"))).append(" | ")
                        .append(floor.get("seconds")).append(" | ").append(floor.get("rowsPerSecond")).append(" |\n");
            }
            md.append("\nRatio: ").append(csv.get("ratio")).append(floor == null ? ""
                    : "; to the COPY into core_customer: " + csv.get("ratioToCopyIntoRelataTables"))
                    .append(". File: ").append(csv.get("fileBytes"))
                    .append(" bytes, columns ").append(csv.get("columns")).append(".\n\n");
            if (imported != null) {
                section(md, imported);
            }
            if (copy != null) {
                section(md, copy);
            }
            if (floor != null) {
                section(md, floor);
            }
            md.append("* howMeasured: ").append(csv.get("howMeasured")).append('\n');
            if (csv.get("error") != null) {
                md.append("* error: ").append(csv.get("error")).append('\n');
            }
        }
        Map<String, Object> hot = (Map<String, Object>) scenarios.get("hotDeploy");
        if (hot != null) {
            md.append("\n## Hot deploy\n\n| Example plugin | Cycles | median ms | p90 ms | max ms | each cycle, ms |\n"
                    + "|---|---|---|---|---|---|\n");
            for (String step : List.of("deploy", "undeploy")) {
                Map<String, Object> t = (Map<String, Object>) hot.get(step);
                if (t != null) {
                    md.append("| ").append(step.equals("deploy") ? "copy into deploy/ → 200" : "removal → 404")
                            .append(" | ").append(hot.get("timedCycles")).append(" | ").append(t.get("medianMs"))
                            .append(" | ").append(t.get("p90Ms")).append(" | ").append(t.get("maxMs"))
                            .append(" | ").append(t.get("ms")).append(" |\n");
                }
            }
            md.append('\n');
            hot.forEach((k, v) -> {
                if (!k.equals("deploy") && !k.equals("undeploy")) {
                    md.append("* ").append(k).append(": ").append(v).append('\n');
                }
            });
        }
        md.append("\n## Boot and memory\n\n");
        md.append("* firstBootWithMigrationsSeconds: ").append(report.get("firstBootWithMigrationsSeconds"))
                .append('\n');
        section(md, (Map<String, Object>) scenarios.get("boot"));
        section(md, (Map<String, Object>) scenarios.get("idleMemory"));
        List<Object> notes = (List<Object>) report.get("notes");
        if (notes != null && !notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (Object note : notes) {
                md.append("* ").append(note).append('\n');
            }
        }
        md.append("\nRun took ").append(report.get("durationSeconds")).append(" s.\n");
        return md.toString();
    }

    private static void section(StringBuilder md, Map<String, Object> values) {
        if (values == null) {
            return;
        }
        values.forEach((k, v) -> md.append("* ").append(k).append(": ").append(v).append('\n'));
    }

    @SuppressWarnings("unchecked")
    private static void row(StringBuilder md, String scenario, String side, Map<String, Object> scenarios, String key,
                            String sideKey) {
        Map<String, Object> s = (Map<String, Object>) scenarios.get(key);
        if (s == null || s.get(sideKey) == null) {
            return;
        }
        Map<String, Object> r = (Map<String, Object>) s.get(sideKey);
        md.append("| ").append(scenario).append(" | ").append(side).append(" | ").append(r.get("connections"))
                .append(" | ").append(r.get("operations")).append(" | ").append(r.get("throughputPerSecond"))
                .append(" | ").append(r.get("p50Ms")).append(" | ").append(r.get("p95Ms")).append(" | ")
                .append(r.get("p99Ms")).append(" | ").append(r.get("maxMs")).append(" | ").append(r.get("errors"))
                .append(" | ").append(r.get("refusedConnections")).append(" | ").append(warmUp(r)).append(" |\n");
    }

    /** The warm-up's length; "(steady)" or "(not steady)" when it watched the server for steadiness. */
    private static String warmUp(Map<String, Object> r) {
        Object seconds = r.get("warmUpSeconds");
        if (seconds == null) {
            return "";
        }
        List<?> windows = (List<?>) r.get("warmUpWindowsPerSecond");
        String rounded = String.valueOf(Math.round(((Number) seconds).doubleValue()));
        return windows == null || windows.isEmpty() ? rounded
                : rounded + (Boolean.TRUE.equals(r.get("warmUpSteady")) ? " (steady)" : " (not steady)");
    }

    @SuppressWarnings("unchecked")
    private static Object ratio(Map<String, Object> scenarios, String key) {
        Map<String, Object> s = (Map<String, Object>) scenarios.get(key);
        return s == null ? "-" : s.get("throughputRatio");
    }
}
