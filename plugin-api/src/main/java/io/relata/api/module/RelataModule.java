package io.relata.api.module;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Relata module announces itself by registering a service of this type from its bundle.
 *
 * <p>Core's module registry tracks these services: a module is listed while its bundle is installed, and its
 * state (active, failed, unlicensed, ...) is derived from the bundle and its components. The descriptor
 * must be cheap and must not fail: register it from a component without references, so a module whose
 * other components fail can still be reported with the reason.
 *
 * <pre>{@code
 * @Component
 * public class HelloModule implements RelataModule {
 *     public ModuleDescriptor descriptor() {
 *         return ModuleDescriptor.builder("example-hello").name("Hello example").version("1.0.0").build();
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface RelataModule {

    /** @return the module's identity and needs; the same value every time it is asked. */
    ModuleDescriptor descriptor();
}
