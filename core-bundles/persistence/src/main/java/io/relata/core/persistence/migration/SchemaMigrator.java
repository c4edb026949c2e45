package io.relata.core.persistence.migration;

import java.time.Clock;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.SchemaMigration;
import io.relata.api.persistence.SchemaState;
import io.relata.api.persistence.SchemaStatus;

/**
 * Applies the schema of every {@link SchemaMigration} service as it appears, one schema at a time, then
 * registers a {@link SchemaStatus} for it so the owning module's data access can start.
 *
 * <p>One worker thread runs all migrations: Liquibase is not reentrant across schemas sharing a connection
 * pool at start-up, and running them in order makes start-up logs readable. The changelog is read through
 * the owning bundle's class loader (never the thread context class loader, which belongs to whoever
 * registered the service).
 *
 * <p>Liquibase's bundle is installed but not started at boot ({@code start="false"} in the features): starting it
 * has SPI Fly load and register its 400-odd service-loader providers, classes woven one by one, about a second of
 * a boot on the critical path and their classes' memory for good. A boot or a deploy whose changelogs are all
 * unchanged never needs it; the first migration that does starts it here.
 *
 * <p>A migration that takes longer than {@link #FIRST_STALL_REPORT_SECONDS} is reported in the log while it lasts,
 * with where the migrator's thread is: waiting for another node's schema lock, the database or Liquibase's start,
 * or applying a long change set. The module's data access waits for the migration all that time, so without the
 * report a stalled boot would say nothing.
 */
@Component(service = {}, immediate = true)
public class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final int LIQUIBASE_START_TIMEOUT_SECONDS = 60;
    static final long FIRST_STALL_REPORT_SECONDS = 15;
    static final long LAST_STALL_REPORT_SECONDS = 300;

    private final Map<ServiceReference<SchemaMigration>, ServiceRegistration<SchemaStatus>> statuses =
            new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relata-schema-migrator");
        thread.setDaemon(true);
        return thread;
    });
    /** Its thread exists only while a migration runs: idle servers should not keep a thread for this. */
    private final ScheduledThreadPoolExecutor stallWatch = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "relata-schema-migrator-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final LiquibaseMigrator migrator;
    private final BundleContext context;
    private volatile boolean active = true;

    @Activate
    public SchemaMigrator(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                          BundleContext context) {
        this.migrator = new LiquibaseMigrator(dataSource, Clock.systemUTC(), this::startLiquibase);
        this.context = context;
        stallWatch.setKeepAliveTime(10, TimeUnit.SECONDS);
        stallWatch.allowCoreThreadTimeOut(true);
        stallWatch.setRemoveOnCancelPolicy(true);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMigration(ServiceReference<SchemaMigration> reference) {
        submit(() -> migrate(reference));
    }

    void removeMigration(ServiceReference<SchemaMigration> reference) {
        submit(() -> withdraw(reference));
    }

    /** Once deactivated (DS unbinds dynamic references after that) there is nothing left to do. */
    private void submit(Runnable task) {
        if (!active) {
            return;
        }
        try {
            worker.execute(task);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Schema migrator is stopping; task dropped");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        active = false;
        stallWatch.shutdownNow();
        worker.shutdown();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Schema migrations still running after 30 s; leaving them to finish in the background");
        }
        statuses.keySet().forEach(this::withdraw);
    }

    private void migrate(ServiceReference<SchemaMigration> reference) {
        Bundle owner = reference.getBundle();
        if (!active || owner == null) {
            return; // the service went away before its turn
        }
        String schema = String.valueOf(reference.getProperty(SchemaMigration.SCHEMA));
        StallReport stallReport = new StallReport(schema, owner);
        try {
            migrate(reference, owner, schema);
        } finally {
            stallReport.finish();
        }
    }

    private void migrate(ServiceReference<SchemaMigration> reference, Bundle owner, String schema) {
        SchemaMigration migration = context.getService(reference);
        if (migration == null) {
            LOG.warn("Schema {} of {} is not migrated: its migration service could not be obtained (see the "
                    + "component runtime's log); it is tried again when the service is registered again", schema,
                    owner.getSymbolicName());
            return;
        }
        Registered status;
        try {
            SchemaNames.require(reference.getProperty(SchemaMigration.SCHEMA));
            String changelog = migration.changelog();
            ClassLoader loader = owner.adapt(BundleWiring.class).getClassLoader();
            long started = System.nanoTime();
            MigrationResult result = migrator.migrate(schema, changelog, loader);
            LOG.info("Schema {} of {} is up to date ({} change sets applied in {} ms{})", schema,
                    owner.getSymbolicName(), result.appliedChangeSets(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    result.byFingerprint() ? "; changelog unchanged since it was applied" : "");
            status = new Registered(schema, SchemaState.MIGRATED, null, result.appliedChangeSets(),
                    result.completedAt());
        } catch (Exception | LinkageError e) {
            String reason = rootMessage(e);
            LOG.error("Schema {} of {} could not be migrated: {}", schema, owner.getSymbolicName(), reason, e);
            status = new Registered(schema, SchemaState.FAILED, reason, 0, Instant.now());
        } finally {
            context.ungetService(reference);
        }
        withdraw(reference);
        if (active && reference.getBundle() != null) {
            statuses.put(reference, context.registerService(SchemaStatus.class, status,
                    status.properties(owner.getBundleId())));
        }
    }

    /**
     * Reports, while it lasts, a migration that has taken longer than {@link #FIRST_STALL_REPORT_SECONDS}: again
     * after twice as long each time, up to every {@link #LAST_STALL_REPORT_SECONDS}, so that a long data migration
     * leaves a few lines rather than a stream of them.
     */
    private final class StallReport implements Runnable {

        private final String schema;
        private final Bundle owner;
        private final Thread migratorThread = Thread.currentThread();
        private final long startedNanos = System.nanoTime();
        private long delaySeconds = FIRST_STALL_REPORT_SECONDS;
        private boolean finished;
        private ScheduledFuture<?> next;

        StallReport(String schema, Bundle owner) {
            this.schema = schema;
            this.owner = owner;
            scheduleNext();
        }

        @Override
        public void run() {
            synchronized (this) {
                if (finished) {
                    return;
                }
            }
            LOG.warn("Schema {} of {} has been migrating for {} s; its module waits for it. The migrator is at:",
                    schema, owner.getSymbolicName(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos),
                    new MigratorPosition(migratorThread));
            delaySeconds = Math.min(delaySeconds * 2, LAST_STALL_REPORT_SECONDS);
            scheduleNext();
        }

        private synchronized void scheduleNext() {
            if (finished) {
                return;
            }
            try {
                next = stallWatch.schedule(this, delaySeconds, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                finished = true;
            }
        }

        synchronized void finish() {
            finished = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    /** Not an error: the migrator's stack, which the log prints line by line as it prints an exception's. */
    private static final class MigratorPosition extends Throwable {

        private static final long serialVersionUID = 1L;

        MigratorPosition(Thread migrator) {
            super(migrator.getName() + " (" + migrator.getState() + ")", null, false, true);
            setStackTrace(migrator.getStackTrace());
        }
    }

    /** Starts Liquibase's bundle, unless it runs already; on the migrator's thread, before Liquibase is used. */
    private void startLiquibase() {
        Bundle liquibase = liquibaseBundle();
        if (liquibase.getState() == Bundle.ACTIVE) {
            return;
        }
        try {
            // transient: a restart that keeps data/ leaves it stopped again until a changelog needs it
            liquibase.start(Bundle.START_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            if (liquibase.getState() != Bundle.STARTING) {
                throw new IllegalStateException("Liquibase (bundle " + liquibase.getBundleId()
                        + ") could not be started: " + e.getMessage(), e);
            }
        }
        // started by another thread at the same moment (Karaf's deployer, an admin's bundle:start): its turn
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIQUIBASE_START_TIMEOUT_SECONDS);
        while (liquibase.getState() != Bundle.ACTIVE) {
            if (!active) {
                throw new IllegalStateException("the schema migrator stopped while Liquibase was starting");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Liquibase (bundle " + liquibase.getBundleId() + ") is not active after "
                        + LIQUIBASE_START_TIMEOUT_SECONDS + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Liquibase was starting", e);
            }
        }
    }

    /** The bundle this bundle's {@code liquibase} package is wired to, found without loading any of its classes. */
    private Bundle liquibaseBundle() {
        for (BundleWire wire : context.getBundle().adapt(BundleWiring.class)
                .getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if ("liquibase".equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                return wire.getProvider().getBundle();
            }
        }
        throw new IllegalStateException("the persistence bundle is not wired to Liquibase's package 'liquibase'");
    }

    private void withdraw(ServiceReference<SchemaMigration> reference) {
        ServiceRegistration<SchemaStatus> registration = statuses.remove(reference);
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered when this bundle stopped
            }
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }

    private record Registered(String schema, SchemaState state, String reason, int appliedChangeSets,
                              Instant completedAt) implements SchemaStatus {

        @Override
        public Optional<String> failure() {
            return Optional.ofNullable(reason);
        }

        Dictionary<String, Object> properties(long bundleId) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(SchemaStatus.SCHEMA, schema);
            properties.put(SchemaStatus.STATE, state.name());
            properties.put(SchemaStatus.BUNDLE, bundleId);
            return properties;
        }
    }
}
