package io.relata.core.modules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import io.relata.api.module.ModuleState;
import io.relata.api.persistence.SchemaStatus;

/** Reads a module's state off its bundle: its schemas, and its components as the DS runtime sees them. */
final class ModuleHealth {

    static final String SATISFYING_CONDITION_TARGET = "osgi.ds.satisfying.condition.target";
    private static final String RELATA_MODULE = "io.relata.api.module.RelataModule";
    private static final String SCHEMA_MIGRATION = "io.relata.api.persistence.SchemaMigration";

    record Verdict(ModuleState state, String reason) {
    }

    private ModuleHealth() {
    }

    /** The module's state is that of its worst bundle. */
    static Verdict of(Collection<Bundle> bundles, ServiceComponentRuntime components,
                      Collection<SchemaStatus> failedSchemas) {
        if (!failedSchemas.isEmpty()) {
            SchemaStatus first = failedSchemas.iterator().next();
            return new Verdict(ModuleState.FAILED,
                    "schema " + first.schema() + " could not be migrated: " + first.failure().orElse("unknown error"));
        }
        Verdict worst = new Verdict(ModuleState.ACTIVE, null);
        for (Bundle bundle : bundles) {
            Verdict verdict = of(bundle, components);
            if (verdict.state() == ModuleState.FAILED) {
                return verdict;
            }
            if (worst.state() == ModuleState.ACTIVE) {
                worst = verdict;
            }
        }
        return worst;
    }

    private static Verdict of(Bundle bundle, ServiceComponentRuntime components) {
        if (bundle.getState() != Bundle.ACTIVE) {
            return new Verdict(ModuleState.INACTIVE, "bundle " + bundle.getSymbolicName() + " is not active");
        }
        List<String> waiting = new ArrayList<>();
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
            if (!components.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return new Verdict(ModuleState.FAILED, "component " + simpleName(description.name)
                            + " failed to start: " + firstLine(configuration.failure));
                }
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                        waiting.add(simpleName(description.name) + " needs " + reference.name
                                + (reference.target == null ? "" : " " + reference.target));
                    }
                }
            }
        }
        if (!waiting.isEmpty()) {
            return new Verdict(ModuleState.INACTIVE, "waiting: " + String.join("; ", waiting));
        }
        return new Verdict(ModuleState.ACTIVE, null);
    }

    /**
     * Components of a licensed module that do not wait for its license condition; only the module descriptor
     * and the schema migration may start without it.
     */
    static List<String> ungated(Collection<Bundle> bundles, ServiceComponentRuntime components, String licenseKey,
                                boolean activeOnly) {
        String condition = "relata.license." + licenseKey;
        List<String> ungated = new ArrayList<>();
        for (Bundle bundle : bundles) {
            for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
                List<String> services = description.serviceInterfaces == null ? List.of()
                        : List.of(description.serviceInterfaces);
                if (services.contains(RELATA_MODULE) || services.contains(SCHEMA_MIGRATION)) {
                    continue;
                }
                Object target = description.properties.get(SATISFYING_CONDITION_TARGET);
                if (target != null && target.toString().contains(condition)) {
                    continue;
                }
                boolean active = components.getComponentConfigurationDTOs(description).stream()
                        .anyMatch(configuration -> configuration.state == ComponentConfigurationDTO.ACTIVE
                                || configuration.state == ComponentConfigurationDTO.SATISFIED);
                if (!activeOnly || active) {
                    ungated.add(simpleName(description.name));
                }
            }
        }
        return ungated;
    }

    private static String simpleName(String componentName) {
        return componentName.substring(componentName.lastIndexOf('.') + 1);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown error";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }
}
