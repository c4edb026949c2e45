package io.relata.core.licensing;

import java.sql.SQLException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

@Component
@CommandSpec(name = "license-remove", description = "Removes the license: licensed modules stop, their data stays",
        usage = "relata:license-remove --yes")
public class LicenseRemoveCommand implements ConsoleCommand {

    @Reference
    private LicenseService licenses;

    @Override
    public void execute(CommandInvocation invocation) {
        if (!invocation.flag("yes")) {
            throw new CommandFailedException("this stops every licensed module; repeat with --yes to go ahead");
        }
        try {
            LicenseCommands.print(licenses.remove(invocation.user()), invocation.out());
        } catch (SQLException e) {
            throw new CommandFailedException("the license could not be removed: " + e.getMessage());
        }
    }
}
