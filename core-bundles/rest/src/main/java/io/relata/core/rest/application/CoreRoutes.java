package io.relata.core.rest.application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.ws.rs.core.Feature;
import javax.ws.rs.core.FeatureContext;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.SchemaMigration;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.rest.RestResource;
import io.relata.core.rest.route.CoreRoute;

/**
 * Collects core's {@link CoreRoute} resources and filters for {@link RelataApplication}, which serves them as its
 * own singletons, and lets the application exist only once they are all there.
 *
 * <p>The JAX-RS whiteboard rebuilds the whole application at every resource or extension it adds, so core's forty
 * routes used to cost forty builds at each boot, each slower than the one before, on the thread that made the
 * route's component satisfied. Here the application is registered (and built) once: when every component that
 * core's active bundles declare as a route has registered its service, or, should one never come,
 * {@link #PATIENCE_MILLIS} after the boot last made progress (the routes that are there are served; the missing one
 * joins when it comes). A route waits for its module's schema, so while a schema migration has not finished the
 * wait is {@link #MIGRATION_PATIENCE_MILLIS}: another node may be migrating the schema, holding its lock. After
 * that, a route that comes or goes makes the whiteboard rebuild the application once, by adding or removing an
 * empty {@link Feature}: every build asks the application for its singletons again. A route that goes leaves the
 * application before its component is deactivated, as it did when the whiteboard served it.
 */
@Component(service = {}, immediate = true)
public class CoreRoutes {

    /** How long the first build waits for a missing route after the boot last made progress. */
    static final long PATIENCE_MILLIS = 3_000;
    /**
     * How long it waits instead while a schema migration has not finished: a route waits for its module's schema,
     * and a migration can stand still while another node migrates the same schema.
     */
    static final long MIGRATION_PATIENCE_MILLIS = 60_000;
    private static final String MODULE_HEADER = "Relata-Module";
    private static final Logger LOG = LoggerFactory.getLogger(CoreRoutes.class);

    private final BundleContext context;
    private final ServiceComponentRuntime components;
    private final ServiceTracker<Object, Object> tracker;
    private final Map<ServiceReference<Object>, Object> routes = new ConcurrentSkipListMap<>(
            Comparator.comparing(reference -> (Long) reference.getProperty(Constants.SERVICE_ID)));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "relata-core-routes");
        thread.setDaemon(true);
        return thread;
    });
    private final BundleListener bundles = event -> {
        if (event.getType() == BundleEvent.STARTED) {
            check();
        }
    };
    /** A schema that finished migrating is progress too: its module's routes follow. */
    private final ServiceListener migrations = event -> check();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private volatile List<Object> current = List.of();
    /** Set once the application has been published; from then on every change rebuilds it. */
    private volatile boolean serving;
    private volatile boolean closed;
    private final Object rebuildLock = new Object();
    private ServiceRegistration<CoreRoutes> published;
    private ServiceRegistration<Feature> rebuild;
    private ScheduledFuture<?> patience;
    private long lastProgressNanos;
    /** What the checks know of each bundle, until the first build; guarded by this. */
    private final Map<Revision, Declared> revisions = new HashMap<>();
    /** How many times, and for how long, the routes were checked before the first build: for the log. */
    private int checks;
    private long checkNanos;

    @Activate
    public CoreRoutes(BundleContext context, @Reference ServiceComponentRuntime components)
            throws InvalidSyntaxException {
        this.context = context;
        this.components = components;
        this.tracker = new ServiceTracker<>(context, context.createFilter("(" + CoreRoute.PROPERTY + "=true)"),
                new ServiceTrackerCustomizer<>() {
                    @Override
                    public Object addingService(ServiceReference<Object> reference) {
                        Object route = context.getService(reference);
                        if (route != null) {
                            routes.put(reference, route);
                            changed();
                        }
                        return route;
                    }

                    @Override
                    public void modifiedService(ServiceReference<Object> reference, Object route) {
                        // a route's properties do not decide how it is served
                    }

                    @Override
                    public void removedService(ServiceReference<Object> reference, Object route) {
                        routes.remove(reference);
                        changed();
                        context.ungetService(reference);
                    }
                });
        context.addBundleListener(bundles);
        context.addServiceListener(migrations, "(|(" + Constants.OBJECTCLASS + "=" + SchemaMigration.class.getName()
                + ")(" + Constants.OBJECTCLASS + "=" + SchemaStatus.class.getName() + "))");
        tracker.open(true);
        check();
    }

    @Deactivate
    void deactivate() {
        closed = true;
        timer.shutdownNow();
        synchronized (rebuildLock) {
            unregister(rebuild);
            rebuild = null;
        }
        synchronized (this) {
            unregister(published);
            published = null;
        }
        stopListening();
        tracker.close();
    }

    private void stopListening() {
        try {
            context.removeBundleListener(bundles);
            context.removeServiceListener(migrations);
        } catch (IllegalStateException stopping) {
            // the bundle is stopping: its listeners go with it
        }
    }

    /** Core's routes as the application serves them, in the order they were registered. */
    List<Object> current() {
        return current;
    }

    /**
     * Once the application is served, rebuilds it at once, on the thread that registers or unregisters the route,
     * so a route that goes has left the application before its component is deactivated.
     */
    private void changed() {
        current = List.copyOf(routes.values());
        if (serving) {
            if (!shuttingDown()) {
                rebuild();
            }
        } else {
            check();
        }
    }

    /** While the server stops, its routes go one by one, and nobody waits for a rebuild without them. */
    private boolean shuttingDown() {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        return framework == null || framework.getState() == Bundle.STOPPING;
    }

    /** One whiteboard rebuild, which asks the application for its singletons again. */
    private void rebuild() {
        synchronized (rebuildLock) {
            if (closed) {
                return;
            }
            if (rebuild == null) {
                rebuild = context.registerService(Feature.class, new Rebuild(), rebuildProperties());
            } else {
                unregister(rebuild);
                rebuild = null;
            }
        }
    }

    /** Publishes the routes when they are complete, or waits for them; on the timer's thread, where it builds. */
    private void check() {
        // events come in bursts (a bundle's routes, its STARTED event, its schema): one check covers those queued
        if (!checkQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.execute(() -> {
                checkQueued.set(false);
                publishIfComplete();
            });
        } catch (RejectedExecutionException deactivated) {
            // nothing left to publish
        }
    }

    private synchronized void publishIfComplete() {
        if (serving || closed) {
            return;
        }
        checks++;
        long started = System.nanoTime();
        Set<String> missing = missingRoutes();
        checkNanos += System.nanoTime() - started;
        if (missing != null && missing.isEmpty()) {
            publish();
            return;
        }
        lastProgressNanos = System.nanoTime();
        waitFor(PATIENCE_MILLIS, missing);
    }

    private void waitFor(long millis, Set<String> missing) {
        if (patience != null) {
            patience.cancel(false);
        }
        patience = timer.schedule(() -> publishAnyway(missing), millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void publishAnyway(Set<String> missingThen) {
        if (serving || closed) {
            return;
        }
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgressNanos);
        boolean migrating = migrationsUnfinished();
        if (migrating && quietMillis < MIGRATION_PATIENCE_MILLIS) {
            waitFor(MIGRATION_PATIENCE_MILLIS - quietMillis, missingThen);
            return;
        }
        long waited = migrating ? MIGRATION_PATIENCE_MILLIS : PATIENCE_MILLIS;
        Set<String> missing = missingRoutes();
        if (missing == null && missingThen == null) {
            LOG.warn("Serving /api/v1 with the core routes there are: a core bundle is still not active after {} ms",
                    waited);
        } else {
            LOG.warn("Serving /api/v1 without core routes that did not register within {} ms{}: {}", waited,
                    migrating ? ", while a schema migration has not finished" : "",
                    missing == null ? missingThen : missing);
        }
        publish();
    }

    /** A schema migration (core's or a plugin's) is registered and its outcome is not, failed or not. */
    private boolean migrationsUnfinished() {
        Set<String> finished = new HashSet<>();
        for (ServiceReference<?> status : references(SchemaStatus.class)) {
            finished.add(status.getProperty(SchemaStatus.BUNDLE) + "/" + status.getProperty(SchemaStatus.SCHEMA));
        }
        for (ServiceReference<?> migration : references(SchemaMigration.class)) {
            Bundle owner = migration.getBundle();
            if (owner != null
                    && !finished.contains(owner.getBundleId() + "/" + migration.getProperty(SchemaMigration.SCHEMA))) {
                return true;
            }
        }
        return false;
    }

    private ServiceReference<?>[] references(Class<?> type) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(type.getName(), null);
            return references == null ? new ServiceReference<?>[0] : references;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return new ServiceReference<?>[0];
        }
    }

    /**
     * Registers this collector, which the application waits for: the whiteboard builds the application on this
     * thread. A route that came or went while it built, before {@link #serving} was set, did not rebuild it, so
     * that is done here.
     */
    private void publish() {
        List<Object> built = current;
        LOG.info("Serving /api/v1 with {} core routes ({} checks, {} ms)", built.size(), checks,
                TimeUnit.NANOSECONDS.toMillis(checkNanos));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("relata.rest.core.routes", built.size());
        published = context.registerService(CoreRoutes.class, this, properties);
        serving = true;
        stopListening();
        revisions.clear();
        if (current != built) {
            rebuild();
        }
    }

    /**
     * The route components that core's bundles declare, are enabled and have not registered yet; {@code null}
     * while a core bundle is not active yet, as its components are not known before.
     */
    private Set<String> missingRoutes() {
        List<ComponentDescriptionDTO> declared = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            Declared known = revisions.computeIfAbsent(new Revision(bundle), unknown -> Declared.read(bundle));
            if (!known.core()) {
                continue;
            }
            if (bundle.getState() != Bundle.ACTIVE) {
                return null;
            }
            Collection<ComponentDescriptionDTO> descriptions = components.getComponentDescriptionDTOs(bundle);
            // ACTIVE comes a moment before SCR reads the bundle's components, on the STARTED event
            if (descriptions.isEmpty() && known.declaresComponents()) {
                return null;
            }
            declared.addAll(descriptions);
        }
        Set<String> missing = new TreeSet<>();
        for (ComponentDescriptionDTO description : declared) {
            if (Boolean.TRUE.equals(description.properties.get(CoreRoute.PROPERTY))
                    && components.isComponentEnabled(description)) {
                missing.add(description.name);
            }
        }
        for (ServiceReference<Object> reference : routes.keySet()) {
            missing.remove(String.valueOf(reference.getProperty(ComponentConstants.COMPONENT_NAME)));
        }
        return missing;
    }

    private static Dictionary<String, Object> rebuildProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(JaxrsWhiteboardConstants.JAX_RS_EXTENSION, true);
        properties.put(JaxrsWhiteboardConstants.JAX_RS_NAME, "relata.core.routes.rebuild");
        properties.put(JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT, RestResource.APPLICATION_SELECT);
        return properties;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException gone) {
            // already unregistered with the bundle
        }
    }

    /**
     * A bundle as it is installed. Its headers do not change before it is updated (a new last-modified time) or
     * installed again (a new id), so the checks before the first build read them once. Its components' descriptions
     * are read at every check: SCR may still be reading them while the bundle is already active.
     */
    private record Revision(long bundleId, long lastModified) {
        Revision(Bundle bundle) {
            this(bundle.getBundleId(), bundle.getLastModified());
        }
    }

    /** What a revision's headers say: whether it is one of core's bundles, and whether it has DS components. */
    private record Declared(boolean core, boolean declaresComponents) {

        static Declared read(Bundle bundle) {
            Dictionary<String, String> headers = bundle.getHeaders("");
            return new Declared("core".equals(headers.get(MODULE_HEADER)),
                    headers.get(ComponentConstants.SERVICE_COMPONENT) != null);
        }
    }

    /** Adds nothing: it only makes the whiteboard build the application again. */
    private static final class Rebuild implements Feature {
        @Override
        public boolean configure(FeatureContext context) {
            return false;
        }
    }
}
