package io.relata.core.persistence.weaving;

import java.lang.reflect.Field;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a class loader leak in Aries JPA 2.7.3: its weaving hook keeps, per bundle, the JPA provider's
 * class transformers and never removes them, so every plugin with entities that is undeployed (or updated)
 * leaves its class loader, and every class it loaded, in memory for good. When such a bundle's revision goes
 * away (unresolved or uninstalled) this drops its transformers, so the old class loader can be collected and a
 * newer revision is woven with its own metadata rather than the old one's.
 *
 * <p>Aries offers no API for this; the hook is reached through its service and one private field. If a future
 * Aries changes that field, this logs once and does nothing (the leak test in the distribution tests notices).
 */
@Component(immediate = true, service = {})
public class WeavingTransformerCleanup implements SynchronousBundleListener {

    static final String ARIES_HOOK = "org.apache.aries.jpa.container.weaving.impl.JPAWeavingHook";
    private static final Logger LOG = LoggerFactory.getLogger(WeavingTransformerCleanup.class);

    private final BundleContext context;
    private volatile boolean warned;

    @Activate
    public WeavingTransformerCleanup(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNRESOLVED || event.getType() == BundleEvent.UNINSTALLED) {
            forget(event.getBundle());
        }
    }

    private void forget(Bundle bundle) {
        try {
            for (ServiceReference<WeavingHook> reference : context.getServiceReferences(WeavingHook.class, null)) {
                WeavingHook hook = context.getService(reference);
                try {
                    if (hook != null && ARIES_HOOK.equals(hook.getClass().getName())) {
                        remove(hook, bundle);
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void remove(WeavingHook hook, Bundle bundle) {
        try {
            Field field = hook.getClass().getDeclaredField("registeredTransformers");
            field.setAccessible(true);
            Map<?, ?> transformers = (Map<?, ?>) field.get(hook);
            synchronized (hook) { // the hook's own methods synchronise on it
                if (transformers.remove(bundle) != null) {
                    LOG.debug("Dropped the JPA class transformers of {} ({})", bundle.getSymbolicName(),
                            bundle.getBundleId());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Cannot clear JPA class transformers of removed bundles ({}); undeployed plugins may stay"
                        + " in memory", e.toString());
            }
        }
    }
}
