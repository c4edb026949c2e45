package io.relata.core.lifecycle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.features.Capability;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.console.CommandFailedException;
import io.relata.api.license.Licensing;
import io.relata.api.module.ModuleRegistry;
import io.relata.api.module.ModuleState;
import io.relata.api.module.ModuleStatus;

/**
 * Installs and uninstalls modules' features. Never refreshes bundles: a module coming or going must not
 * restart core or other modules ({@link FeaturesService.Option#NoAutoRefreshBundles}).
 */
@Component(service = ModuleLifecycle.class)
public class ModuleLifecycle {

    private static final EnumSet<FeaturesService.Option> NO_REFRESH =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    @Reference
    private FeaturesService features;

    @Reference
    private ModuleRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    /** @return what was done, for the console */
    String enable(String moduleId) throws Exception {
        ModuleFeature module = moduleFeature(moduleId).orElseThrow(() -> new CommandFailedException(
                "no feature provides module '" + moduleId + "'; add its features repository with feature:repo-add"));
        if (module.licenseKey() != null && (licensing == null || !licensing.permits(module.licenseKey()))) {
            throw new CommandFailedException("module '" + moduleId + "' needs a license for '" + module.licenseKey()
                    + "', which the license in force does not include; install one with relata:license-install");
        }
        List<String> missing = new ArrayList<>();
        for (String required : module.requires()) {
            if (!"core".equals(required) && registry.module(required).map(ModuleStatus::state).orElse(null)
                    != ModuleState.ACTIVE) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new CommandFailedException("module '" + moduleId + "' requires " + String.join(", ", missing)
                    + ", not active; enable " + (missing.size() == 1 ? "it" : "them") + " first");
        }
        if (isInstalled(module)) {
            return "module '" + moduleId + "' is already enabled (feature " + module.feature() + ")";
        }
        features.installFeature(module.feature(), module.version(), NO_REFRESH);
        return "module '" + moduleId + "' enabled (feature " + module.feature() + "/" + module.version() + ")";
    }

    String disable(String moduleId) throws Exception {
        if ("core".equals(moduleId)) {
            throw new CommandFailedException("core cannot be disabled");
        }
        List<String> dependants = new ArrayList<>();
        for (ModuleStatus other : registry.modules()) {
            boolean installed = other.state() != ModuleState.INACTIVE || other.reason() == null
                    || !other.reason().startsWith("not installed");
            if (installed && other.descriptor().requires().contains(moduleId)) {
                dependants.add(other.id());
            }
        }
        if (!dependants.isEmpty()) {
            throw new CommandFailedException("module '" + moduleId + "' is required by " + String.join(", ", dependants)
                    + "; disable " + (dependants.size() == 1 ? "it" : "them") + " first");
        }
        Optional<ModuleFeature> module = moduleFeature(moduleId);
        if (module.isEmpty() || !isInstalled(module.get())) {
            if (registry.module(moduleId).filter(status -> status.state() != ModuleState.INACTIVE).isPresent()) {
                throw new CommandFailedException("module '" + moduleId + "' was not installed as a feature;"
                        + " remove its file from deploy/ to disable it");
            }
            return "module '" + moduleId + "' is not enabled";
        }
        features.uninstallFeature(module.get().feature(), module.get().version(), NO_REFRESH);
        return "module '" + moduleId + "' disabled; its data is kept";
    }

    private boolean isInstalled(ModuleFeature module) throws Exception {
        for (Feature feature : features.listInstalledFeatures()) {
            if (feature.getName().equals(module.feature()) && feature.getVersion().equals(module.version())) {
                return true;
            }
        }
        return false;
    }

    private Optional<ModuleFeature> moduleFeature(String moduleId) throws Exception {
        ModuleFeature newest = null;
        for (Feature feature : features.listFeatures()) {
            for (Capability capability : feature.getCapabilities()) {
                Optional<ModuleFeature> module = ModuleFeature.of(feature.getName(), feature.getVersion(),
                        capability.getValue());
                if (module.isPresent() && module.get().moduleId().equals(moduleId)
                        && (newest == null || isInstalled(module.get()))) {
                    newest = module.get();
                }
            }
        }
        return Optional.ofNullable(newest);
    }
}
