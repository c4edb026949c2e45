package io.relata.core.console;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.console.ConsoleCommand;
import io.relata.api.security.CurrentUser;

/**
 * Registers each {@link ConsoleCommand} service in Karaf's shell registry while it exists, so plugin commands
 * appear and disappear with their bundles and plugins never compile against Karaf.
 */
@Component(immediate = true, service = {})
public class ConsoleCommandBridge {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCommandBridge.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Registry registry;
    private final Map<ConsoleCommand, ShellCommand> registered = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CurrentUser currentUser;

    @Activate
    public ConsoleCommandBridge(@Reference SessionFactory sessions) {
        this.registry = sessions.getRegistry();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCommand(ConsoleCommand command, Map<String, Object> properties) {
        Object name = properties.get(ConsoleCommand.NAME);
        if (!(name instanceof String text) || !NAME.matcher(text).matches()) {
            LOG.warn("Console command {} has no valid {} property ({}); not added", command.getClass().getName(),
                    ConsoleCommand.NAME, name);
            return;
        }
        ShellCommand shell = new ShellCommand(text, String.valueOf(properties.getOrDefault(ConsoleCommand.DESCRIPTION, "")),
                (String) properties.get(ConsoleCommand.USAGE), command, () -> currentUser);
        ShellCommand previous = registered.put(command, shell);
        if (previous != null) {
            registry.unregister(previous);
        }
        registry.register(shell);
    }

    void removeCommand(ConsoleCommand command) {
        ShellCommand shell = registered.remove(command);
        if (shell != null) {
            registry.unregister(shell);
        }
    }

    @Deactivate
    void deactivate() {
        registered.values().forEach(registry::unregister);
        registered.clear();
    }
}
