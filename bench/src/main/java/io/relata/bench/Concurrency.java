package io.relata.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 256 clients at once (issue #8): GET a customer by id, then a filtered list, each for a minute (10 s in a quick
 * run), every client on a keep-alive connection of its own, all of them connecting at the same moment. Reports
 * throughput, latency, error answers, I/O failures and refused connections; the target is fewer than 1 % errors
 * and no refused connection on each. What Relata logged at WARN and ERROR meanwhile goes into the results, as
 * that is where a pool or a thread limit shows.
 */
final class Concurrency {

    static final int CONNECTIONS = 256;

    private final Bench bench;
    private final Karaf relata;
    private final Map<String, String> headers;
    private final int connections;
    private final Duration warmUp;
    private final Duration measure;

    private Concurrency(Bench bench, Karaf relata, String token) {
        this.bench = bench;
        this.relata = relata;
        this.headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        this.connections = bench.connections("concurrency", CONNECTIONS);
        this.warmUp = Duration.ofSeconds(Long.parseLong(bench.args.getOrDefault("concurrency-warmup",
                bench.full ? "10" : "2")));
        this.measure = Duration.ofSeconds(Long.parseLong(bench.args.getOrDefault("concurrency-seconds",
                bench.full ? "60" : "10")));
    }

    /** Both scenarios; their figures go to {@code scenarios.concurrency}, their targets to the run's. */
    static void run(Bench bench, Karaf relata, String token, DataSet.Summary data) throws Exception {
        new Concurrency(bench, relata, token).run(data);
    }

    private void run(DataSet.Summary data) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> ids = data.sampleIds();
        result.put("getById", scenario("concurrent-get", "GET by id", worker -> {
            SplittableRandom random = new SplittableRandom(bench.seed * 17 + worker);
            return http -> http.send("GET", "/api/v1/customers/" + ids.get(random.nextInt(ids.size())), headers, null);
        }));
        // one stage for everyone, and half the requests narrowed to the caller's own: the two filters the list
        // view offers first, answered from (stage, updated_at) and (owner_id, ...) indexes
        List<String> lists = List.of("/api/v1/customers?limit=50&stage=CUSTOMER",
                "/api/v1/customers?limit=50&stage=CUSTOMER&owner=me");
        result.put("filteredList", scenario("concurrent-list", "filtered list", worker -> {
            int[] next = {worker};
            return http -> http.send("GET", lists.get(next[0]++ % lists.size()), headers, null);
        }));
        result.put("listQueries", lists);
        result.put("howMeasured", "closed loop: " + connections + " threads, each with one keep-alive HTTP/1.1"
                + " connection, all connecting at once, " + warmUp.toSeconds() + " s warm-up then "
                + measure.toSeconds() + " s measured; errors = error answers (not 2xx) + I/O failures (timeouts,"
                + " connections closed or reset); refused = connections the server refused, warm-up included");
        bench.scenarios.put("concurrency", result);
    }

    /** What one client sends each time: answers the status. */
    interface Request {
        int send(Load.HttpConnection http) throws IOException;
    }

    private Map<String, Object> scenario(String name, String label, java.util.function.IntFunction<Request> requests)
            throws Exception {
        Path log = relata.home.resolve("data/log/karaf.log");
        long logFrom = Files.exists(log) ? Files.size(log) : 0;
        // Load counts refusals in the measured period only; the burst of connections at the start is in the
        // warm-up, and a refusal there is just as much a failure of this target
        AtomicLong refusedAnyTime = new AtomicLong();
        Load.Result r = Load.run(name, connections, warmUp, measure, worker -> {
            Load.HttpConnection http;
            try {
                http = new Load.HttpConnection("127.0.0.1", relata.httpPort);
            } catch (RuntimeException e) {
                if (e.getCause() instanceof ConnectException) {
                    refusedAnyTime.incrementAndGet();
                }
                throw e;
            }
            Request request = requests.apply(worker);
            return Bench.operation(http, () -> {
                int status = request.send(http);
                if (status < 200 || status > 299) {
                    Bench.expect(status, 200, http);
                }
            });
        });
        Bench.log(Bench.summary(r));
        Map<String, Object> figures = new LinkedHashMap<>(r.json());
        long attempts = r.operations() + r.errors() + r.refused();
        double errorPercent = attempts == 0 ? 100 : 100.0 * (r.errors() + r.refused()) / attempts;
        figures.put("errorPercent", Load.round(errorPercent));
        figures.put("refusedIncludingWarmUp", refusedAnyTime.get());
        figures.put("serverLog", serverLog(log, logFrom));
        boolean pass = r.operations() > 0 && errorPercent < 1 && refusedAnyTime.get() == 0 && r.refused() == 0;
        bench.target("Concurrency, " + label + ": " + connections + " connections for " + measure.toSeconds()
                + " s, < 1 % errors and no refused connection (errors %; p99 "
                + Load.round(r.percentileMs(99)) + " ms, refused " + (refusedAnyTime.get() + r.refused()) + ")",
                "< 1 %, 0 refused", errorPercent, pass);
        return figures;
    }

    /** WARN and ERROR lines Relata logged since {@code from}: how many, and the first of each kind. */
    private static Map<String, Object> serverLog(Path log, long from) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (!Files.exists(log)) {
            summary.put("lines", 0);
            return summary;
        }
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
        long warn = 0;
        long error = 0;
        Map<String, Long> kinds = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split("\\|", 6);
            if (fields.length < 6) {
                continue;
            }
            String level = fields[1].strip();
            if (!level.equals("WARN") && !level.equals("ERROR")) {
                continue;
            }
            if (level.equals("WARN")) {
                warn++;
            } else {
                error++;
            }
            // logger and the start of the message, without ids and numbers, so repeats collapse
            String message = fields[5].strip().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>")
                    .replaceAll("\\d+", "N");
            String key = level + " " + fields[3].strip() + ": " + (message.length() > 150 ? message.substring(0, 150)
                    : message);
            if (kinds.size() < 10 || kinds.containsKey(key)) {
                kinds.merge(key, 1L, Long::sum);
            }
        }
        summary.put("warnLines", warn);
        summary.put("errorLines", error);
        summary.put("kinds", kinds);
        return summary;
    }
}
