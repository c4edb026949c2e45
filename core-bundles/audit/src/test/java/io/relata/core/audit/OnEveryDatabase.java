package io.relata.core.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the test once on H2 and once on PostgreSQL, each time on a fresh database or schema that already has the
 * audit tables, so no test sees another's rows. The test takes the {@link AuditFixture} on it as parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.relata.core.audit.AuditFixture#databases")
@interface OnEveryDatabase {
}
