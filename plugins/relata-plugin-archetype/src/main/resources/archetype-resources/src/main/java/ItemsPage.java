package ${package};

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.ui.UiModule;
import io.relata.api.ui.UiModuleDescriptor;

/**
 * The module's page in Relata's web UI: an entry in the navigation, for users who may read items, opening the
 * script {@link ItemsUiResources} serves. The URL carries the bundle's install time so browsers fetch the script
 * again after the plugin is updated.
 */
@Component
public class ItemsPage implements UiModule {

    private final UiModuleDescriptor descriptor;

    @Activate
    public ItemsPage(BundleContext context) {
        this.descriptor = UiModuleDescriptor.builder(PluginModule.ID + ".items")
                .title("en", "${moduleName}")
                .title("zh-CN", "${moduleName}")
                .route("/" + PluginModule.ID)
                .permission(PluginModule.ID + ".items:read")
                .script(ItemsUiResources.PATH + "/items.js?v=" + context.getBundle().getLastModified())
                .build();
    }

    @Override
    public UiModuleDescriptor descriptor() {
        return descriptor;
    }
}
