package io.relata.core.console;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.CurrentUser;

/**
 * One module's {@link ConsoleCommand} as a Karaf shell command in the {@code relata} scope. Failures end in
 * a single error line (Karaf prints the message in red and SSH exits non-zero); stack traces go to the log.
 */
final class ShellCommand implements Command {

    static final String SCOPE = "relata";
    private static final Logger LOG = LoggerFactory.getLogger(ShellCommand.class);

    private final String name;
    private final String description;
    private final String usage;
    private final ConsoleCommand command;
    private final Supplier<CurrentUser> users;

    ShellCommand(String name, String description, String usage, ConsoleCommand command, Supplier<CurrentUser> users) {
        this.name = name;
        this.description = description;
        this.usage = usage == null || usage.isBlank() ? SCOPE + ":" + name : usage;
        this.command = command;
        this.users = users;
    }

    @Override
    public String getScope() {
        return SCOPE;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Completer getCompleter(boolean scoped) {
        return null;
    }

    @Override
    public Parser getParser() {
        return null;
    }

    @Override
    public Object execute(Session session, List<Object> arguments) throws Exception {
        Object user = session.get("USER");
        ParsedInvocation invocation = new ParsedInvocation(arguments, session.getConsole(),
                user == null ? "karaf" : user.toString(), usage);
        if (invocation.flag("help")) {
            session.getConsole().println(description);
            session.getConsole().println("Usage: " + usage);
            return null;
        }
        try {
            runAs(invocation.user(), () -> {
                command.execute(invocation);
                return null;
            });
            return null;
        } catch (Exception | LinkageError e) {
            String expected = expectedFailure(e);
            if (expected != null) {
                throw new CommandError(expected);
            }
            String reference = UUID.randomUUID().toString();
            LOG.error("Command {}:{} failed (reference {})", SCOPE, name, reference, e);
            throw new CommandError("internal error; the log has the details under reference " + reference);
        }
    }

    /**
     * Commands act as the signed-in console user (an administrator, by the console realm); the local console of
     * {@code bin/karaf}, which has no Relata user, acts as the system.
     */
    private void runAs(String user, Callable<Void> work) throws Exception {
        CurrentUser current = users.get();
        if (current == null) {
            work.call();
        } else if (user != null && !"karaf".equals(user)) {
            current.runAs(user, work);
        } else {
            current.runAsSystem(work);
        }
    }

    /** The message of a failure the command meant, found even when a framework wrapped it. */
    private static String expectedFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CommandFailedException || cause instanceof IllegalArgumentException) {
                return cause.getMessage();
            }
            if (cause instanceof ProblemException problem) {
                return problem.problem().detail().isEmpty() ? problem.problem().title() : problem.problem().detail();
            }
        }
        return null;
    }

    /** What the shell prints as the error line; it carries no cause, so nothing leaks into the console. */
    static final class CommandError extends Exception {
        private static final long serialVersionUID = 1L;

        CommandError(String message) {
            super(message, null, false, false);
        }
    }
}
