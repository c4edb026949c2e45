package io.relata.core.modules;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

/** The platform itself, listed like any module so the registry shows what core version runs. */
@Component
public class CoreModule implements RelataModule {

    private final ModuleDescriptor descriptor;

    @Activate
    public CoreModule(BundleContext context) {
        this.descriptor = ModuleDescriptor.builder("core")
                .name("Relata core")
                .version(context.getBundle().getVersion().toString())
                .description("REST API, persistence, events, console and the module registry")
                .build();
    }

    @Override
    public ModuleDescriptor descriptor() {
        return descriptor;
    }
}
