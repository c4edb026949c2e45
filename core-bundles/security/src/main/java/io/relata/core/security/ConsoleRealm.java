package io.relata.core.security;

import java.util.HashMap;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The JAAS realm {@code relata}, used by the Karaf console over SSH and by JMX: Relata users with the ADMIN
 * role, nobody else. (Karaf's own properties realm ships without users.)
 */
@Component(service = JaasRealm.class, property = "org.apache.karaf.jaas.realm.name=" + ConsoleRealm.NAME)
public class ConsoleRealm implements JaasRealm {

    static final String NAME = "relata";

    private final AppConfigurationEntry[] entries;

    @Activate
    public ConsoleRealm(BundleContext context, @Reference LoginService logins) {
        Map<String, Object> options = new HashMap<>();
        options.put(ProxyLoginModule.PROPERTY_MODULE, ConsoleLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        options.put(BundleContext.class.getName(), context);
        this.entries = new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return 0;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
