package io.relata.core.licensing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

/** Which license key, if any, the module a bundle belongs to needs. */
@Component(service = LicensedModules.class)
public class LicensedModules {

    static final String MODULE_HEADER = "Relata-Module";

    private final Map<Long, ModuleDescriptor> byBundle = new ConcurrentHashMap<>();
    private final Map<String, ModuleDescriptor> byId = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addModule(ServiceReference<RelataModule> reference, RelataModule module) {
        try {
            ModuleDescriptor descriptor = module.descriptor();
            byBundle.put(reference.getBundle().getBundleId(), descriptor);
            byId.put(descriptor.id(), descriptor);
        } catch (RuntimeException broken) {
            // the registry reports modules that cannot describe themselves
        }
    }

    void removeModule(ServiceReference<RelataModule> reference, RelataModule module) {
        Bundle bundle = reference.getBundle();
        ModuleDescriptor removed = bundle == null ? null : byBundle.remove(bundle.getBundleId());
        if (removed != null) {
            byId.remove(removed.id(), removed);
        }
    }

    Optional<String> licenseKeyOf(Bundle bundle) {
        if (bundle == null) {
            return Optional.empty();
        }
        ModuleDescriptor descriptor = byBundle.get(bundle.getBundleId());
        if (descriptor == null) {
            String moduleId = bundle.getHeaders("").get(MODULE_HEADER);
            descriptor = moduleId == null ? null : byId.get(moduleId);
        }
        return descriptor == null ? Optional.empty() : descriptor.requiredLicense();
    }
}
