package io.relata.core.customers.overview;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.customer.CustomerPanel;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;
import io.relata.core.customers.overview.CustomerOverview.PanelView;

/**
 * The {@link CustomerPanel}s registered right now, and running them for one view. Panels run in parallel on
 * worker threads so that one slow panel costs the view at most the timeout, not its own running time; the view
 * waits for all of them together until one deadline.
 */
final class PanelBoard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PanelBoard.class);
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    private static final int WORKERS = 8;
    private static final int WAITING = 256;
    private static final Comparator<Registered> IN_ORDER = Comparator.comparingInt(Registered::order)
            .thenComparing(Registered::id).thenComparingLong(Registered::serviceId);

    /** A panel service with the properties it was registered with. */
    private record Registered(CustomerPanel panel, String id, int order, long serviceId) {
    }

    private final List<Registered> panels = new CopyOnWriteArrayList<>();
    private final CurrentUser currentUser;
    private final ThreadPoolExecutor workers;
    private volatile Duration timeout;

    PanelBoard(CurrentUser currentUser, Duration timeout) {
        this.currentUser = currentUser;
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(WAITING), work -> {
            Thread thread = new Thread(work, "relata-customer-panel-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        workers.allowCoreThreadTimeOut(true);
    }

    void timeout(Duration changed) {
        this.timeout = changed;
    }

    // ---------------------------------------------------------------- the whiteboard

    void add(CustomerPanel panel, Map<String, ?> properties) {
        Object id = properties.get(CustomerPanel.ID);
        if (!(id instanceof String text) || !ID.matcher(text).matches()) {
            Object component = properties.get("component.name");
            LOG.warn("Customer panel {} has no valid {} property ({}); it is not shown",
                    component == null ? panel.getClass().getName() : component, CustomerPanel.ID, id);
            return;
        }
        Registered registered = new Registered(panel, text, order(properties.get(CustomerPanel.ORDER), text),
                properties.get("service.id") instanceof Long serviceId ? serviceId : 0L);
        if (panels.stream().anyMatch(other -> other.id().equals(text) && other.panel() != panel)) {
            LOG.warn("Two customer panels have the id {}; only the one with the lower order (then the older one) is"
                    + " shown", text);
        }
        panels.removeIf(other -> other.panel() == panel);
        panels.add(registered);
    }

    void remove(CustomerPanel panel) {
        panels.removeIf(registered -> registered.panel() == panel);
    }

    private static int order(Object value, String id) {
        if (value == null) {
            return CustomerPanel.DEFAULT_ORDER;
        }
        try {
            return value instanceof Number number ? Math.toIntExact(number.longValue())
                    : Integer.parseInt(value.toString().trim());
        } catch (ArithmeticException | NumberFormatException e) {
            LOG.warn("Customer panel {} has {}={}, which is no whole number; it goes at {}", id, CustomerPanel.ORDER,
                    value, CustomerPanel.DEFAULT_ORDER);
            return CustomerPanel.DEFAULT_ORDER;
        }
    }

    // ---------------------------------------------------------------- one view

    /** Renders every panel for the current user, by order; panels with nothing to show are left out. */
    List<PanelView> render(CustomerPanel.Request request) {
        UserPrincipal caller = currentUser.require();
        List<Registered> shown = distinct(panels);
        Map<Registered, Future<Optional<CustomerPanel.Content>>> running = new LinkedHashMap<>();
        List<PanelView> views = new ArrayList<>();
        for (Registered panel : shown) {
            try {
                running.put(panel, workers.submit(() -> asCaller(caller, () -> panel.panel().render(request))));
            } catch (RejectedExecutionException e) {
                LOG.warn("Customer panel {} not run for customer {}: every worker is busy", panel.id(),
                        request.customer().id());
                running.put(panel, null);
            }
        }
        Duration allowed = timeout;
        long deadline = System.nanoTime() + allowed.toNanos();
        for (Map.Entry<Registered, Future<Optional<CustomerPanel.Content>>> entry : running.entrySet()) {
            Registered panel = entry.getKey();
            Future<Optional<CustomerPanel.Content>> result = entry.getValue();
            if (result == null) {
                views.add(PanelView.failed(panel.id(), panel.order(), "not shown: the server is too busy; try again"));
                continue;
            }
            outcome(panel, result, deadline, allowed, request).ifPresent(views::add);
        }
        return views;
    }

    private Optional<PanelView> outcome(Registered panel, Future<Optional<CustomerPanel.Content>> result,
                                        long deadline, Duration allowed, CustomerPanel.Request request) {
        String customerId = request.customer().id();
        try {
            Optional<CustomerPanel.Content> content = result.get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            // a panel that breaks the contract by answering null has nothing to show, like an empty answer
            return content == null ? Optional.empty()
                    : content.map(shown -> PanelView.of(panel.id(), panel.order(), shown));
        } catch (TimeoutException e) {
            result.cancel(true);
            LOG.warn("Customer panel {} did not answer within {} ms for customer {}; shown as an error", panel.id(),
                    allowed.toMillis(), customerId);
            return Optional.of(PanelView.failed(panel.id(), panel.order(),
                    "did not answer within " + allowed.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            return Optional.of(PanelView.failed(panel.id(), panel.order(), "not shown: the request was cancelled"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ProblemException problem && problem.problem().status() < 500) {
                LOG.warn("Customer panel {} refused customer {}: {}", panel.id(), customerId,
                        problem.problem().detail());
                return Optional.of(PanelView.failed(panel.id(), panel.order(), problem.problem().detail().isEmpty()
                        ? problem.problem().title() : problem.problem().detail()));
            }
            // the cause may hold SQL or internals: the client gets a reference into the log, not the message
            String reference = UUID.randomUUID().toString();
            LOG.warn("Customer panel {} failed for customer {} (reference {})", panel.id(), customerId, reference,
                    cause);
            return Optional.of(PanelView.failed(panel.id(), panel.order(),
                    "failed; the log has the details under reference " + reference));
        }
    }

    /** The worker thread works for the caller, as the request thread does, and for nobody once done. */
    private <T> T asCaller(UserPrincipal caller, Callable<T> work) throws Exception {
        return UserPrincipal.SYSTEM.equals(caller.id()) ? currentUser.runAsSystem(work)
                : currentUser.runAs(caller.username(), work);
    }

    /** By order; of panels sharing an id only the first, so clients can key panels by id. */
    private static List<Registered> distinct(List<Registered> registered) {
        List<Registered> sorted = new ArrayList<>(registered);
        sorted.sort(IN_ORDER);
        Set<String> seen = new HashSet<>();
        sorted.removeIf(panel -> !seen.add(panel.id()));
        return sorted;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
