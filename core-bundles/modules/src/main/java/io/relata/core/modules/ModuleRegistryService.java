package io.relata.core.modules;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.license.Licensing;
import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.ModuleRegistry;
import io.relata.api.module.ModuleState;
import io.relata.api.module.ModuleStatus;
import io.relata.api.module.RelataModule;
import io.relata.api.persistence.SchemaState;
import io.relata.api.persistence.SchemaStatus;

/**
 * Tracks {@link RelataModule} services as modules come and go, remembers every module the database has seen,
 * and derives each module's state when asked, so the answer is never stale.
 *
 * <p>A module is the bundle that registers its descriptor plus every bundle whose manifest names it in a
 * {@value #MODULE_HEADER} header, so a module made of several bundles (core is) is only active when all are.
 */
@Component(service = ModuleRegistry.class)
public class ModuleRegistryService implements ModuleRegistry {

    static final String MODULE_HEADER = "Relata-Module";
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRegistryService.class);

    private record Installed(ModuleDescriptor descriptor, Bundle bundle) {
    }

    private record Observed(ModuleState state, String reason, Instant since) {
    }

    private final Map<ServiceReference<RelataModule>, Installed> installed = new ConcurrentHashMap<>();
    private final Map<ServiceReference<SchemaStatus>, SchemaStatus> schemas = new ConcurrentHashMap<>();
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();
    private final KnownModules known;
    private final ServiceComponentRuntime components;
    private final Clock clock = Clock.systemUTC();
    private final BundleContext context;

    @Activate
    public ModuleRegistryService(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                                 @Reference(target = CoreModulesSchema.READY) SchemaStatus schema,
                                 @Reference ServiceComponentRuntime components, BundleContext context) {
        this.known = new KnownModules(dataSource);
        this.components = components;
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addModule(ServiceReference<RelataModule> reference, RelataModule module) {
        ModuleDescriptor descriptor;
        try {
            descriptor = module.descriptor();
        } catch (RuntimeException e) {
            LOG.error("Module service of bundle {} cannot describe itself", reference.getBundle(), e);
            return;
        }
        installed.put(reference, new Installed(descriptor, reference.getBundle()));
        try {
            known.remember(descriptor, clock.instant());
        } catch (SQLException e) {
            LOG.warn("Module {} could not be recorded in core_module: {}", descriptor.id(), e.getMessage());
        }
    }

    void removeModule(ServiceReference<RelataModule> reference) {
        installed.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSchema(ServiceReference<SchemaStatus> reference, SchemaStatus status) {
        schemas.put(reference, status);
    }

    void removeSchema(ServiceReference<SchemaStatus> reference) {
        schemas.remove(reference);
    }

    @Override
    public List<ModuleStatus> modules() {
        Map<String, ModuleDescriptor> descriptors = new TreeMap<>();
        Map<String, ModuleHealth.Verdict> verdicts = new HashMap<>();
        try {
            for (KnownModules.Seen seen : known.all()) {
                descriptors.put(seen.descriptor().id(), seen.descriptor());
                verdicts.put(seen.descriptor().id(), new ModuleHealth.Verdict(ModuleState.INACTIVE,
                        "not installed (last seen " + seen.lastSeen() + ")"));
            }
        } catch (SQLException e) {
            LOG.warn("Modules seen earlier are not listed: {}", e.getMessage());
        }
        Set<String> live = new HashSet<>();
        for (Installed module : installed.values()) {
            String id = module.descriptor().id();
            if (live.add(id)) {
                descriptors.put(id, module.descriptor());
                verdicts.put(id, verdict(module));
            } else {
                verdicts.put(id, new ModuleHealth.Verdict(ModuleState.FAILED, "two bundles declare module " + id));
            }
        }
        List<ModuleStatus> modules = new ArrayList<>(descriptors.size());
        descriptors.forEach((id, descriptor) -> modules.add(observe(descriptor, verdicts.get(id))));
        return modules;
    }

    /** Answers from the live modules without touching the database, so health checks stay cheap. */
    @Override
    public Optional<ModuleStatus> module(String id) {
        List<Installed> matches = installed.values().stream().filter(module -> module.descriptor().id().equals(id))
                .toList();
        if (matches.size() == 1) {
            return Optional.of(observe(matches.get(0).descriptor(), verdict(matches.get(0))));
        }
        return modules().stream().filter(module -> module.id().equals(id)).findFirst();
    }

    /** The module's own state, then whether the modules it requires are active too. */
    private ModuleHealth.Verdict verdict(Installed module) {
        ModuleHealth.Verdict own = ownVerdict(module);
        if (own.state() != ModuleState.ACTIVE) {
            return own;
        }
        List<String> missing = new ArrayList<>();
        for (String required : module.descriptor().requires()) {
            boolean active = "core".equals(required) || installed.values().stream()
                    .anyMatch(other -> other.descriptor().id().equals(required)
                            && ownVerdict(other).state() == ModuleState.ACTIVE);
            if (!active) {
                missing.add(required);
            }
        }
        return missing.isEmpty() ? own : new ModuleHealth.Verdict(ModuleState.FAILED,
                "requires " + String.join(", ", missing) + ", which " + (missing.size() == 1 ? "is" : "are") + " not active");
    }

    private ModuleHealth.Verdict ownVerdict(Installed module) {
        Set<Bundle> bundles = new LinkedHashSet<>();
        bundles.add(module.bundle());
        for (Bundle bundle : context.getBundles()) {
            if (module.descriptor().id().equals(bundle.getHeaders("").get(MODULE_HEADER))) {
                bundles.add(bundle);
            }
        }
        Optional<String> licenseKey = module.descriptor().requiredLicense();
        if (licenseKey.isEmpty()) {
            return ModuleHealth.of(bundles, components, failedSchemasOf(bundles));
        }
        String key = licenseKey.get();
        Licensing license = licensing;
        if (license == null || !license.permits(key)) {
            List<String> leaking = ModuleHealth.ungated(bundles, components, key, true);
            if (!leaking.isEmpty()) {
                return new ModuleHealth.Verdict(ModuleState.FAILED, "runs without a license: " + String.join(", ", leaking)
                        + " must wait for the condition relata.license." + key);
            }
            return new ModuleHealth.Verdict(ModuleState.UNLICENSED, unlicensedReason(key, license));
        }
        ModuleHealth.Verdict verdict = ModuleHealth.of(bundles, components, failedSchemasOf(bundles));
        if (verdict.state() == ModuleState.ACTIVE && !license.permitsWrites(key)) {
            return new ModuleHealth.Verdict(ModuleState.ACTIVE, "read-only: " + license.status().warning());
        }
        return verdict;
    }

    private static String unlicensedReason(String key, Licensing license) {
        if (license == null) {
            return "needs a license for '" + key + "'; licensing is not running";
        }
        return license.status().current()
                .map(current -> "license " + current.id() + " does not include '" + key + "'")
                .orElse("needs a license for '" + key + "'; no license is installed");
    }

    private List<SchemaStatus> failedSchemasOf(Set<Bundle> bundles) {
        List<SchemaStatus> failed = new ArrayList<>();
        schemas.forEach((reference, status) -> {
            Object owner = reference.getProperty(SchemaStatus.BUNDLE);
            if (status.state() == SchemaState.FAILED
                    && bundles.stream().anyMatch(bundle -> Long.valueOf(bundle.getBundleId()).equals(owner))) {
                failed.add(status);
            }
        });
        return failed;
    }

    /** Keeps the time a module entered its state, so "since" means the change, not the question. */
    private ModuleStatus observe(ModuleDescriptor descriptor, ModuleHealth.Verdict verdict) {
        ModuleState state = verdict.state();
        Observed now = observed.compute(descriptor.id(), (id, before) ->
                before != null && before.state() == state ? new Observed(state, verdict.reason(), before.since())
                        : new Observed(state, verdict.reason(), clock.instant()));
        return new ModuleStatus(descriptor, now.state(), now.reason(), now.since());
    }
}
