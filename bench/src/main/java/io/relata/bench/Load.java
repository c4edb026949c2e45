package io.relata.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code connections} threads, each with one keep-alive connection (or one JDBC
 * connection), issuing operations back to back for a warm-up and then a measured period. Latencies go into an
 * HdrHistogram in microseconds. Closed loop means a slow server is offered less load (coordinated omission):
 * percentiles are those of the operations that ran, which is what a ratio against a baseline needs.
 */
final class Load {

    /** One operation of one worker; returns normally on success, throws {@link Failure} on an error answer. */
    interface Operation extends AutoCloseable {
        void run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The figures of one run. {@code errors} counts every failed operation but refused connections: error answers
     * ({@code errorAnswers}, a {@link Failure}) and I/O failures (timeouts, connections closed or reset).
     */
    record Result(String name, int connections, double seconds, long operations, long errors, long errorAnswers,
                  long refused, Histogram histogram, Map<String, Long> errorSamples, WarmedUp warmedUp) {

        double throughput() {
            return operations / seconds;
        }

        double percentileMs(double p) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1000.0;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("connections", connections);
            m.put("seconds", round(seconds));
            m.put("operations", operations);
            m.put("throughputPerSecond", round(throughput()));
            m.put("p50Ms", round(percentileMs(50)));
            m.put("p95Ms", round(percentileMs(95)));
            m.put("p99Ms", round(percentileMs(99)));
            m.put("maxMs", round(histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0));
            m.put("errors", errors);
            m.put("errorAnswers", errorAnswers);
            m.put("ioFailures", errors - errorAnswers);
            m.put("refusedConnections", refused);
            m.put("errorSamples", errorSamples);
            m.put("warmUpSeconds", round(warmedUp.seconds()));
            m.put("warmUpSteady", warmedUp.steady());
            m.put("warmUpWindowsPerSecond", warmedUp.windows().stream().map(Load::round).toList());
            m.put("warmUpWindowsCompiling", warmedUp.compiling().stream().map(Load::round).toList());
            return m;
        }
    }

    static double round(double value) {
        return Double.isNaN(value) ? Double.NaN : Math.round(value * 100) / 100.0;
    }

    private Load() {
    }

    /**
     * How long to load before measuring. After {@code minimum}, and only while {@code cap} is longer, the load goes
     * on in windows of {@link #WINDOW} until the server is steady: the last {@link #STEADY_WINDOWS} windows'
     * throughputs within {@link #STEADY_WITHIN} of their mean and, where {@code compilerSeconds} reads the server
     * JVM's JIT compiler threads, those threads busy less than {@link #COMPILING_AT_MOST} of the last window. A server
     * whose JIT is still compiling its request path gets faster for minutes, with plateaus on the way; a ratio taken
     * then measures the compiler, not the stack at work.
     */
    record WarmUp(Duration minimum, Duration cap, DoubleSupplier compilerSeconds) {
        static WarmUp fixed(Duration duration) {
            return new WarmUp(duration, duration, null);
        }
    }

    /**
     * What the warm-up did: its length, whether it ended steady (false too when no window ran), the throughput of
     * each window after the minimum and the share of each window the server's JIT compiler threads were busy.
     */
    record WarmedUp(double seconds, boolean steady, List<Double> windows, List<Double> compiling) {
    }

    static final Duration WINDOW = Duration.ofSeconds(5);
    static final int STEADY_WINDOWS = 3;
    static final double STEADY_WITHIN = 0.05;
    static final double COMPILING_AT_MOST = 0.10;

    static boolean steady(List<Double> windows, List<Double> compiling) {
        if (windows.size() < STEADY_WINDOWS) {
            return false;
        }
        List<Double> last = windows.subList(windows.size() - STEADY_WINDOWS, windows.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        boolean flat = mean > 0 && last.stream().allMatch(w -> Math.abs(w - mean) <= STEADY_WITHIN * mean);
        return flat && (compiling.isEmpty() || compiling.get(compiling.size() - 1) < COMPILING_AT_MOST);
    }

    /**
     * CPU seconds the JIT compiler threads of JVM {@code pid} have used, from {@code /proc} (Linux; the clock ticks
     * at 100 Hz there); NaN when the process is gone.
     */
    static double compilerSeconds(long pid) {
        double ticks = 0;
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(
                java.nio.file.Path.of("/proc", String.valueOf(pid), "task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // a thread that ended between the listing and the read
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / 100.0;
    }

    static Result run(String name, int connections, Duration warmUp, Duration measure,
                      IntFunction<Operation> operations) throws InterruptedException {
        return run(name, connections, WarmUp.fixed(warmUp), measure, operations);
    }

    /**
     * @param operations makes the operation of worker {@code i} (its connection is opened here, not timed)
     */
    static Result run(String name, int connections, WarmUp warmUp, Duration measure,
                      IntFunction<Operation> operations) throws InterruptedException {
        Histogram histogram = new Histogram(60_000_000L, 3);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong count = new AtomicLong();
        AtomicLong warmUpCount = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong errorAnswers = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Map<String, Long> samples = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int worker = i;
            Thread thread = new Thread(() -> {
                Histogram mine = new Histogram(60_000_000L, 3);
                Operation operation = null;
                try {
                    while (!stop.get()) {
                        if (operation == null) {
                            try {
                                operation = operations.apply(worker);
                            } catch (RuntimeException e) {
                                if (measuring.get()) {
                                    (isRefusal(e) ? refused : errors).incrementAndGet();
                                    sample(samples, e);
                                }
                                Thread.sleep(10);
                                continue;
                            }
                        }
                        long start = System.nanoTime();
                        boolean ok = true;
                        try {
                            operation.run();
                        } catch (Exception e) {
                            ok = false;
                            if (measuring.get()) {
                                (isRefusal(e) ? refused : errors).incrementAndGet();
                                if (e instanceof Failure) {
                                    errorAnswers.incrementAndGet();
                                }
                                sample(samples, e);
                            }
                            if (!(e instanceof Failure)) {
                                close(operation);
                                operation = null;
                            }
                        }
                        long micros = (System.nanoTime() - start) / 1000;
                        if (ok && measuring.get() && !stop.get()) {
                            mine.recordValue(Math.min(micros, 60_000_000L));
                            count.incrementAndGet();
                        } else if (ok) {
                            warmUpCount.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    close(operation);
                    synchronized (histogram) {
                        histogram.add(mine);
                    }
                }
            }, name + "-" + i);
            thread.setDaemon(true);
            workers.add(thread);
            thread.start();
        }
        long warmUpStarted = System.nanoTime();
        Thread.sleep(warmUp.minimum().toMillis());
        List<Double> windows = new ArrayList<>();
        List<Double> compiling = new ArrayList<>();
        while (!steady(windows, compiling)
                && System.nanoTime() - warmUpStarted + WINDOW.toNanos() <= warmUp.cap().toNanos()) {
            long before = warmUpCount.get();
            double compiledBefore = warmUp.compilerSeconds() == null ? 0 : warmUp.compilerSeconds().getAsDouble();
            long windowStarted = System.nanoTime();
            Thread.sleep(WINDOW.toMillis());
            double windowSeconds = (System.nanoTime() - windowStarted) / 1e9;
            windows.add((warmUpCount.get() - before) / windowSeconds);
            if (warmUp.compilerSeconds() != null) {
                compiling.add((warmUp.compilerSeconds().getAsDouble() - compiledBefore) / windowSeconds);
            }
        }
        WarmedUp warmedUp = new WarmedUp((System.nanoTime() - warmUpStarted) / 1e9, steady(windows, compiling),
                windows, compiling);
        measuring.set(true);
        long started = System.nanoTime();
        Thread.sleep(measure.toMillis());
        stop.set(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        return new Result(name, connections, seconds, count.get(), errors.get(), errorAnswers.get(), refused.get(),
                histogram, new java.util.TreeMap<>(samples), warmedUp);
    }

    private static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static void sample(Map<String, Long> samples, Exception e) {
        String key = e instanceof Failure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (key.length() > 200) {
            key = key.substring(0, 200);
        }
        if (samples.size() < 20 || samples.containsKey(key)) {
            samples.merge(key, 1L, Long::sum);
        }
    }

    private static void close(Operation operation) {
        if (operation != null) {
            try {
                operation.close();
            } catch (Exception ignored) {
                // closing a broken connection
            }
        }
    }

    /** The server answered, then closed the connection ({@code Connection: close}); the connection is gone. */
    static final class ClosedAfterAnswer extends IOException {
        final int status;

        ClosedAfterAnswer(int status) {
            super("server closed the connection after " + status);
            this.status = status;
        }
    }

    /**
     * A minimal HTTP/1.1 client on one keep-alive socket: writes a request, reads the status, headers and the
     * body (Content-Length or chunked). Much lighter than java.net.http, so the load generator takes less of the
     * CPU it shares with the server.
     */
    static final class HttpConnection implements AutoCloseable {
        private final String host;
        private final int port;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[8192];
        int status;
        String body;
        Map<String, String> headers = new LinkedHashMap<>();

        HttpConnection(String host, int port) {
            this.host = host;
            this.port = port;
            try {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(60_000);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Sends a request and reads the whole answer; {@code status}, {@code headers} and {@code body} are set. */
        int send(String method, String pathAndQuery, Map<String, String> requestHeaders, byte[] requestBody)
                throws IOException {
            StringBuilder request = new StringBuilder(256).append(method).append(' ').append(pathAndQuery)
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
            requestHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            if (requestBody != null) {
                request.append("Content-Length: ").append(requestBody.length).append("\r\n");
            }
            request.append("\r\n");
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            if (requestBody != null) {
                out.write(requestBody);
            }
            out.flush();
            return readResponse();
        }

        private int readResponse() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed by the server");
            }
            status = Integer.parseInt(statusLine.substring(9, 12));
            headers = new LinkedHashMap<>();
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
            String length = headers.get("content-length");
            if (length != null) {
                copy(content, Long.parseLong(length));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    String size = line();
                    if (size == null) {
                        throw new IOException("connection closed in the body");
                    }
                    int semicolon = size.indexOf(';');
                    long chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                    if (chunk == 0) {
                        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                            // trailers
                        }
                        break;
                    }
                    copy(content, chunk);
                    line();
                }
            }
            body = content.toString(StandardCharsets.UTF_8);
            if ("close".equalsIgnoreCase(headers.get("connection"))) {
                throw new ClosedAfterAnswer(status);
            }
            return status;
        }

        private void copy(java.io.ByteArrayOutputStream to, long length) throws IOException {
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException("body cut short");
                }
                to.write(buffer, 0, read);
                left -= read;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
