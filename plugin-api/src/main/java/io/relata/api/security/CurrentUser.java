package io.relata.api.security;

import java.util.Optional;
import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

/** Who the current thread works for: the REST caller, the console user, or the system for scheduled work. */
@ProviderType
public interface CurrentUser {

    Optional<UserPrincipal> get();

    /** @throws io.relata.api.rest.ProblemException 401 when nobody is signed in */
    UserPrincipal require();

    /** Runs the work as this user (console commands, jobs acting for someone); restores the caller after. */
    <T> T runAs(String username, Callable<T> work) throws Exception;

    /** Runs the work as the platform itself, which may do and see everything. */
    <T> T runAsSystem(Callable<T> work) throws Exception;
}
