package io.relata.api.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** One run of a {@link ConsoleCommand}: its arguments, where to print, and who runs it. */
@ProviderType
public interface CommandInvocation {

    /** @return positional arguments in order, without options and flags. */
    List<String> arguments();

    /** @return the positional argument at this index, or fails with a usage error naming it. */
    String argument(int index, String name);

    /** @return the value of {@code --name=value}, if given. */
    Optional<String> option(String name);

    /** @return whether {@code --name} was given. */
    boolean flag(String name);

    PrintStream out();

    /** @return the console user running the command. */
    String user();
}
