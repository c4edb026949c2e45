package io.relata.api.console;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@code relata:<name>} command of the Karaf console, contributed as a whiteboard service with a
 * {@link CommandSpec}. Core adds it to the shell when the service appears and removes it when it goes.
 *
 * <p>Arguments follow one convention: {@code --name=value} is an option, {@code --name} alone a flag, and
 * everything else a positional argument. {@code --help} prints the command's usage without running it.
 * Throw {@link CommandFailedException} (or a {@code ProblemException}) to end with an error line; any other
 * exception is reported as an internal error without a stack trace.
 */
@ConsumerType
public interface ConsoleCommand {

    String NAME = "relata.command.name";
    String DESCRIPTION = "relata.command.description";
    String USAGE = "relata.command.usage";

    void execute(CommandInvocation invocation) throws Exception;
}
