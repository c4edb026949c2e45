package io.relata.core.modules;

import java.io.PrintStream;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.license.Licensing;
import io.relata.api.module.ModuleRegistry;
import io.relata.api.module.ModuleStatus;

/** {@code relata:module-list}: the modules and their state, as a table. */
@Component
@CommandSpec(name = "module-list", description = "Lists installed and known modules with their state",
        usage = "relata:module-list [--id=<module>]")
public class ModuleListCommand implements ConsoleCommand {

    @Reference
    private ModuleRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    @Override
    public void execute(CommandInvocation invocation) {
        List<ModuleStatus> modules = invocation.option("id")
                .map(id -> registry.module(id).stream().toList())
                .orElseGet(registry::modules);
        Licensing license = licensing;
        if (license != null) {
            license.status().warningMessage().ifPresent(warning -> invocation.out().println("WARNING: " + warning));
        }
        print(modules, invocation.out());
    }

    static void print(List<ModuleStatus> modules, PrintStream out) {
        int idWidth = Math.max(2, modules.stream().mapToInt(module -> module.id().length()).max().orElse(2));
        int versionWidth = Math.max(7,
                modules.stream().mapToInt(module -> module.descriptor().version().length()).max().orElse(7));
        String row = "%-" + idWidth + "s | %-" + versionWidth + "s | %-10s | %s%n";
        out.printf(row, "ID", "VERSION", "STATE", "REQUIRES / REASON");
        out.println("-".repeat(idWidth) + "-+-" + "-".repeat(versionWidth) + "-+-" + "-".repeat(10) + "-+-"
                + "-".repeat(30));
        for (ModuleStatus module : modules) {
            String requires = module.descriptor().requires().isEmpty() ? ""
                    : "requires " + String.join(", ", module.descriptor().requires());
            String detail = module.reason() == null ? requires
                    : requires.isEmpty() ? module.reason() : requires + "; " + module.reason();
            out.printf(row, module.id(), module.descriptor().version(), module.state(), detail);
        }
    }
}
