package ${package};

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

/**
 * Tells Relata about this module. It has no references, so the module is listed (with a reason) even when
 * its other components cannot start. To sell it under a license, add {@code .licenseKey("${moduleId}")} here and
 * {@code @SatisfyingConditionTarget("(osgi.condition.id=relata.license.${moduleId})")} on every other component.
 */
@Component
public class PluginModule implements RelataModule {

    static final String ID = "${moduleId}";

    private final ModuleDescriptor descriptor;

    @Activate
    public PluginModule(BundleContext context) {
        this.descriptor = ModuleDescriptor.builder(ID)
                .name("${moduleName}")
                .version(context.getBundle().getVersion().toString())
                .permission("${moduleId}.items:read", "See items")
                .permission("${moduleId}.items:write", "Create items")
                .build();
    }

    @Override
    public ModuleDescriptor descriptor() {
        return descriptor;
    }
}
