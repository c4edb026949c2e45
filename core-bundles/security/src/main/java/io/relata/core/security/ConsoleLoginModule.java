package io.relata.core.security;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.relata.api.rest.ProblemException;

/**
 * Checks a console sign-in against Relata's users: the password, the lockout, and the ADMIN role. On success
 * the subject gets Karaf's administrative roles, so every console command is allowed.
 */
public class ConsoleLoginModule implements LoginModule {

    /** The roles Karaf's command ACLs and SSH check for. */
    private static final List<String> KARAF_ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");

    private Subject subject;
    private CallbackHandler callbacks;
    private BundleContext context;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.context = (BundleContext) options.get(BundleContext.class.getName());
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        if (password.getPassword() == null || name.getName() == null) {
            throw new FailedLoginException("username and password are required");
        }
        ServiceReference<LoginService> reference = context.getServiceReference(LoginService.class);
        LoginService logins = reference == null ? null : context.getService(reference);
        if (logins == null) {
            throw new LoginException("Relata security is not running");
        }
        try {
            LoginService.SignedIn signedIn = logins.authenticate(name.getName(), new String(password.getPassword()),
                    "console", true);
            principals.add(new UserPrincipal(signedIn.user().username()));
            KARAF_ROLES.forEach(role -> principals.add(new RolePrincipal(role)));
            return true;
        } catch (ProblemException refused) {
            throw new FailedLoginException(refused.getMessage());
        } finally {
            password.clearPassword();
            context.ungetService(reference);
        }
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
