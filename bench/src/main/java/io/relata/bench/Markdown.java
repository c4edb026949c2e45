package io.relata.bench;

import java.util.List;
import java.util.Map;

/** The human-readable results file: the same figures as the JSON one. */
final class Markdown {

    private Markdown() {
    }

    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> report) {
        StringBuilder md = new StringBuilder();
        md.append("# Relata benchmark, ").append(report.get("mode")).append(" run of ").append(report.get("startedAt"))
                .append("\n\n");
        md.append("Every figure is measured in this run, on this machine, on the same PostgreSQL database; compare the"
                + " ratios, not the absolute numbers, across machines.\n\n");
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
                + " Refused |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
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
            md.append("\nThe queries (each `GET /api/v1/customers?...`, in turn):\n\n");
            for (Object q : (List<Object>) list.get("queries")) {
                md.append("* `").append(q).append("`\n");
            }
        }
        md.append("\n## Boot and memory\n\n");
        md.append("* firstBootWithMigrationsSeconds: ").append(report.get("firstBootWithMigrationsSeconds")).append('\n');
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
                .append(" | ").append(r.get("refusedConnections")).append(" |\n");
    }

    @SuppressWarnings("unchecked")
    private static Object ratio(Map<String, Object> scenarios, String key) {
        Map<String, Object> s = (Map<String, Object>) scenarios.get(key);
        return s == null ? "-" : s.get("throughputRatio");
    }
}
