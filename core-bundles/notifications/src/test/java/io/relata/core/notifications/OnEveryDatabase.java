package io.relata.core.notifications;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the test once on H2 and once on PostgreSQL, each time on a fresh database or schema that already has the
 * notification table, so no test sees another's rows. The test takes the {@link NotificationsFixture} on it as
 * parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.relata.core.notifications.NotificationsFixture#databases")
@interface OnEveryDatabase {
}
