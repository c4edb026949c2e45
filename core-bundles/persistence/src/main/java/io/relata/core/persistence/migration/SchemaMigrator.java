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
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
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
import liquibase.Liquibase;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Applies the schema of every {@link SchemaMigration} service as it appears, one schema at a time, then
 * registers a {@link SchemaStatus} for it so the owning module's data access can start.
 *
 * <p>One worker thread runs all migrations: Liquibase is not reentrant across schemas sharing a connection
 * pool at start-up, and running them in order makes start-up logs readable. The changelog is read through
 * the owning bundle's class loader (never the thread context class loader, which belongs to whoever
 * registered the service).
 */
@Component(service = {}, immediate = true)
public class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final int LIQUIBASE_START_TIMEOUT_SECONDS = 60;

    private final Map<ServiceReference<SchemaMigration>, ServiceRegistration<SchemaStatus>> statuses =
            new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relata-schema-migrator");
        thread.setDaemon(true);
        return thread;
    });

    private final LiquibaseMigrator migrator;
    private final BundleContext context;
    private volatile boolean active = true;

    @Activate
    public SchemaMigrator(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                          BundleContext context) {
        this.migrator = new LiquibaseMigrator(dataSource, Clock.systemUTC());
        this.context = context;
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
        SchemaMigration migration = context.getService(reference);
        if (migration == null) {
            return;
        }
        String schema = String.valueOf(reference.getProperty(SchemaMigration.SCHEMA));
        Registered status;
        try {
            awaitLiquibase();
            SchemaNames.require(reference.getProperty(SchemaMigration.SCHEMA));
            String changelog = migration.changelog();
            ClassLoader loader = owner.adapt(BundleWiring.class).getClassLoader();
            long started = System.nanoTime();
            MigrationResult result;
            // closed: until then it keeps what it opened to read the bundle's files
            try (ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(loader)) {
                result = migrator.migrate(schema, changelog, resources);
            }
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
     * Liquibase sets up its logging and service lookup in its bundle activator; called before that has run (the
     * features installer may start it after Relata's bundles) it fails with "Cannot find default log service".
     */
    private void awaitLiquibase() throws InterruptedException {
        Bundle liquibase = FrameworkUtil.getBundle(Liquibase.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIQUIBASE_START_TIMEOUT_SECONDS);
        while (liquibase != null && liquibase.getState() != Bundle.ACTIVE && System.nanoTime() < deadline && active) {
            Thread.sleep(100);
        }
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
