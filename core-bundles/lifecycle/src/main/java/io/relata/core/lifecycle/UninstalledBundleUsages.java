package io.relata.core.lifecycle;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a leak in Felix 7.0.5 that every undeployed plugin hits: its service registry keeps, per bundle
 * that ever used a service, a table of usage counts. Around a plugin's stop, usages end up counted down to 0 (or
 * -1) with no service object held, and the registry only drops an entry when it releases a service object, so
 * those stay. The table keys the uninstalled bundle: its {@code Bundle} object and last revision (manifest
 * metadata, the jar's entry index; some 30 KB a deploy) stay in memory for good. A few seconds after a bundle is
 * uninstalled, this lets the registry release what it may still hold for uninstalled bundles (its own
 * {@code ungetServices(Bundle)}, which the framework calls when a bundle stops), then drops their entries once
 * nothing is counted in them any more.
 *
 * <p>Felix offers no API for this; the registry is reached through the system bundle and private fields. On
 * another framework, or if a future Felix changes them, this logs once and does nothing.
 */
@Component(immediate = true, service = {})
public class UninstalledBundleUsages implements BundleListener {

    static final String FELIX = "org.apache.felix.framework.Felix";
    private static final Logger LOG = LoggerFactory.getLogger(UninstalledBundleUsages.class);
    /** Long enough for the components that unget late (they run on the uninstalling thread, or just after). */
    private static final long DELAY_SECONDS = 5;

    private final BundleContext context;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relata-uninstalled-bundle-usages");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean warned;

    @Activate
    public UninstalledBundleUsages(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        sweeper.shutdownNow();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            try {
                sweeper.schedule(this::sweep, DELAY_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                // deactivated meanwhile
            }
        }
    }

    /** Releases what the registry still counts for every uninstalled bundle, earlier ones included. */
    void sweep() {
        try {
            Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
            if (framework == null || !FELIX.equals(framework.getClass().getName())) {
                warnOnce("the framework is not Felix (" + (framework == null ? "none" : framework.getClass().getName())
                        + ")");
                return;
            }
            Object registry = field(framework.getClass(), "m_registry").get(framework);
            @SuppressWarnings("unchecked")
            Map<Object, Object> inUse = (Map<Object, Object>) field(registry.getClass(), "m_inUseMap").get(registry);
            Method ungetServices = registry.getClass().getDeclaredMethod("ungetServices", Bundle.class);
            ungetServices.setAccessible(true);
            List<Bundle> uninstalled = new ArrayList<>();
            for (Object key : inUse.keySet()) {
                if (key instanceof Bundle bundle && bundle.getState() == Bundle.UNINSTALLED) {
                    uninstalled.add(bundle);
                }
            }
            for (Bundle bundle : uninstalled) {
                // first whatever is really still held (the framework's own clean-up at stop), then the entry, which
                // the registry never drops by itself once it only holds usages counted down to nothing
                ungetServices.invoke(registry, bundle);
                Object usages = inUse.get(bundle);
                if (usages instanceof Object[] counts && releasedAll(counts)) {
                    inUse.remove(bundle, usages); // only if the registry did not change it meanwhile
                    LOG.debug("Dropped the service usages left for uninstalled bundle {} ({})",
                            bundle.getSymbolicName(), bundle.getBundleId());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(e.toString());
        }
    }

    /** Every usage counted down to zero or below, no service object held: nothing for the bundle to give back. */
    private static boolean releasedAll(Object[] usages) throws ReflectiveOperationException {
        for (Object usage : usages) {
            if (usage == null) {
                continue;
            }
            Class<?> type = usage.getClass();
            long count = ((AtomicLong) field(type, "m_count").get(usage)).get();
            long objects = ((AtomicLong) field(type, "m_serviceObjectsCount").get(usage)).get();
            Object holder = ((AtomicReference<?>) field(type, "m_svcHolderRef").get(usage)).get();
            if (count > 0 || objects > 0 || holder != null) {
                return false;
            }
        }
        return true;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private void warnOnce(String reason) {
        if (!warned) {
            warned = true;
            LOG.warn("Cannot release the service usages the framework keeps for uninstalled bundles ({}); each"
                    + " undeployed plugin may stay in memory", reason);
        }
    }
}
