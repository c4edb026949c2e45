package io.relata.core.licensing;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

@Component
@CommandSpec(name = "license-install", description = "Verifies a signed license file and puts it in force",
        usage = "relata:license-install <license-file>")
public class LicenseInstallCommand implements ConsoleCommand {

    @Reference
    private LicenseService licenses;

    @Override
    public void execute(CommandInvocation invocation) {
        LicenseCommands.install(licenses, invocation);
    }
}
