package io.relata.core.customers.birthday;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the test on a fresh H2 database and on a fresh PostgreSQL schema, each with the customer tables. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.relata.core.customers.customer.CustomerFixture#databases")
@interface OnEveryDatabase {
}
