package io.relata.core.licensing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.condition.Condition;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.event.DomainEvents;
import io.relata.api.license.License;
import io.relata.api.license.LicenseChanged;
import io.relata.api.license.LicenseState;
import io.relata.api.license.LicenseStatus;
import io.relata.api.license.Licensing;
import io.relata.api.persistence.SchemaStatus;

/**
 * The license in force: verified with the vendor's public key on every load (a row edited in the database is
 * no better than a forged file), kept in the database for every node, and turned into one OSGi condition per
 * licensed module key, which licensed modules' components wait for.
 *
 * <p>Registered as a Karaf scheduler job too: every minute it picks up a license another node installed and
 * notices expiry and the end of the grace period.
 */
@Component(service = {Licensing.class, LicenseService.class, Runnable.class},
        configurationPid = LicensingSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"scheduler.name=relata-license-check", "scheduler.period:Long=60",
                "scheduler.concurrent:Boolean=false"})
@Designate(ocd = LicensingSettings.class)
public class LicenseService implements Licensing, Runnable {

    static final String PUBLIC_KEY = "license/vendor-public.pem";
    private static final Logger LOG = LoggerFactory.getLogger(LicenseService.class);

    private final BundleContext context;
    private final LicenseStore store;
    private final PublicKey vendorKey;
    private final Clock clock;
    private final Map<String, ServiceRegistration<Condition>> conditions = new HashMap<>();
    private volatile Duration grace;
    private volatile License license;
    private volatile LicenseState lastState;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DomainEvents events;

    @Activate
    public LicenseService(BundleContext context, LicensingSettings settings,
                          @Reference(target = "(osgi.jndi.service.name=relata)") javax.sql.DataSource dataSource,
                          @Reference(target = LicensingSchema.READY) SchemaStatus schema)
            throws IOException, GeneralSecurityException {
        this(context, settings, new LicenseStore(dataSource), vendorKey(), Clock.systemUTC());
    }

    LicenseService(BundleContext context, LicensingSettings settings, LicenseStore store, PublicKey vendorKey,
                   Clock clock) {
        this.context = context;
        this.store = store;
        this.vendorKey = vendorKey;
        this.clock = clock;
        this.grace = Duration.ofDays(settings.grace_days());
        this.license = load();
        this.lastState = status().state();
        applyConditions();
        status().warningMessage().ifPresent(warning -> LOG.warn("{}", warning));
    }

    @Modified
    void modified(LicensingSettings settings) {
        grace = Duration.ofDays(settings.grace_days());
        run();
    }

    @Deactivate
    synchronized void deactivate() {
        conditions.values().forEach(ServiceRegistration::unregister);
        conditions.clear();
    }

    /**
     * Verifies and installs a license document. An invalid one changes nothing.
     *
     * @throws InvalidLicenseException saying what is wrong with the document
     */
    public LicenseStatus install(String document, String installedBy) throws InvalidLicenseException, SQLException {
        License verified = LicenseCodec.verify(document, vendorKey);
        store.record(verified.id(), document, clock.instant(), installedBy);
        LOG.info("License {} for {} installed by {}: modules {}, expires {}", verified.id(), verified.licensee(),
                installedBy, verified.modules().keySet(), verified.expiresAt());
        license = verified;
        changed();
        return status();
    }

    /** Removes the license: licensed modules stop, their data stays. */
    public LicenseStatus remove(String removedBy) throws SQLException {
        store.record(null, null, clock.instant(), removedBy);
        LOG.info("License removed by {}", removedBy);
        license = null;
        changed();
        return status();
    }

    /** Scheduler job: adopt a license another node installed, notice expiry. */
    @Override
    public void run() {
        License stored = load();
        boolean replaced = !java.util.Objects.equals(stored, license);
        license = stored;
        if (replaced || status().state() != lastState) {
            changed();
        }
    }

    @Override
    public LicenseStatus status() {
        return LicenseEvaluation.evaluate(license, clock.instant(), grace);
    }

    @Override
    public boolean permits(String moduleKey) {
        License current = license;
        return current != null && current.includes(moduleKey);
    }

    @Override
    public boolean permitsWrites(String moduleKey) {
        return permits(moduleKey) && status().state() != LicenseState.EXPIRED;
    }

    @Override
    public int maxActiveUsers() {
        License current = license;
        return current == null ? 0 : current.maxActiveUsers();
    }

    /** The document of the license in force, for showing its content. */
    Optional<String> installedDocument() {
        try {
            return store.current().map(LicenseStore.Installed::document);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private void changed() {
        applyConditions();
        LicenseStatus now = status();
        lastState = now.state();
        now.warningMessage().ifPresent(warning -> LOG.warn("{}", warning));
        DomainEvents publisher = events;
        if (publisher != null) {
            publisher.publish(new LicenseChanged(now.current().map(License::id).orElse(null), now.state(),
                    clock.instant()));
        }
    }

    /** One condition per module key the license names; licensed modules' components wait for theirs. */
    private synchronized void applyConditions() {
        License current = license;
        Set<String> wanted = current == null ? Set.of() : new TreeSet<>(current.modules().keySet());
        conditions.entrySet().removeIf(entry -> {
            if (!wanted.contains(entry.getKey())) {
                entry.getValue().unregister();
                LOG.info("Module key {} is no longer licensed; its components stop", entry.getKey());
                return true;
            }
            return false;
        });
        for (String key : wanted) {
            if (!conditions.containsKey(key)) {
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put(Condition.CONDITION_ID, CONDITION_PREFIX + key);
                conditions.put(key, context.registerService(Condition.class, Condition.INSTANCE, properties));
            }
        }
    }

    private License load() {
        try {
            Optional<LicenseStore.Installed> installed = store.current();
            if (installed.isEmpty() || installed.get().document() == null) {
                return null;
            }
            return LicenseCodec.verify(installed.get().document(), vendorKey);
        } catch (InvalidLicenseException e) {
            LOG.error("The license stored in the database is not valid and is ignored: {}", e.getMessage());
            return null;
        } catch (SQLException e) {
            LOG.warn("The license could not be read from the database; keeping the one in memory: {}", e.getMessage());
            return license;
        }
    }

    private static PublicKey vendorKey() throws IOException, GeneralSecurityException {
        try (InputStream pem = LicenseService.class.getClassLoader().getResourceAsStream(PUBLIC_KEY)) {
            if (pem == null) {
                throw new IOException("the vendor's public key " + PUBLIC_KEY + " is missing from the bundle");
            }
            return Keys.publicKey(new String(pem.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
