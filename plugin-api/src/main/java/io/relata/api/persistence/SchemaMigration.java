package io.relata.api.persistence;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's database schema, as a Liquibase changelog inside the module's own bundle.
 *
 * <p>Register one per schema with the {@link RelataSchema} property. Core applies the changelog when the
 * service appears (at install, at every start, and when a newer version of the bundle is deployed), one
 * schema at a time and under a database lock, so a second node starting at the same moment waits instead
 * of applying it twice. When the schema is up to date core registers a {@link SchemaStatus} service for it;
 * components that touch the module's tables should reference that service (see {@link SchemaStatus}).
 *
 * <p>Each schema keeps its own Liquibase history tables ({@code <schema>_changelog}), so modules never block
 * each other. Changelogs must be written for both H2 and PostgreSQL and must never drop data a user entered.
 *
 * <pre>{@code
 * @Component
 * @RelataSchema("hello")
 * public class HelloSchema implements SchemaMigration {
 *     public String changelog() { return "db/hello-changelog.xml"; }
 * }
 * }</pre>
 */
@ConsumerType
public interface SchemaMigration {

    /** Service property naming the schema: lower case letters, digits and underscores. */
    String SCHEMA = "relata.schema";

    /** @return the changelog's path inside the registering bundle, e.g. {@code db/hello-changelog.xml}. */
    String changelog();
}
