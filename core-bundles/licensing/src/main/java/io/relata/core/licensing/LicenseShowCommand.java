package io.relata.core.licensing;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

@Component
@CommandSpec(name = "license-show", description = "Shows the license in force and what it licenses",
        usage = "relata:license-show")
public class LicenseShowCommand implements ConsoleCommand {

    @Reference
    private LicenseService licenses;

    @Override
    public void execute(CommandInvocation invocation) {
        LicenseCommands.print(licenses.status(), invocation.out());
    }
}
