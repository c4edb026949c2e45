package io.relata.core.security;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Relata security")
public @interface SecuritySettings {

    String PID = "io.relata.security";

    @AttributeDefinition(description = "A browser session ends after this many idle minutes")
    int session_idle_minutes() default 30;

    @AttributeDefinition(description = "A browser session ends this many hours after sign-in, however active")
    int session_lifetime_hours() default 12;

    @AttributeDefinition(description = "Consecutive failed sign-ins that lock an account")
    int lockout_failures() default 5;

    @AttributeDefinition(description = "Minutes an account stays locked")
    int lockout_minutes() default 15;

    @AttributeDefinition(description = "Failed sign-ins from one address within the window before it is throttled")
    int throttle_failures() default 20;

    @AttributeDefinition(description = "The throttling window, in minutes")
    int throttle_window_minutes() default 5;

    @AttributeDefinition(description = "Lifetime of an API token created without an expiry date, in days")
    int token_default_days() default 90;

    @AttributeDefinition(description = "Seconds a verified API token and a user's permissions and data scopes are"
            + " remembered between requests (0: read them for every request). Any change of users, roles, teams or"
            + " tokens made through Relata is seen at once; this bounds how long other changes take")
    int auth_cache_seconds() default 10;
}
