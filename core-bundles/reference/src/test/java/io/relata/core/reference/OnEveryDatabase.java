package io.relata.core.reference;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the test once on H2 and once on PostgreSQL, each time on a fresh database or schema that has the reference
 * tables and seeds, so no test sees another's rows. The test takes the {@link ReferenceFixture} as parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.relata.core.reference.ReferenceFixture#databases")
@interface OnEveryDatabase {
}
