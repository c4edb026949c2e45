package io.relata.example.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.persistence.PersistenceException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** The plugin's changelog and JPA mapping agree, on H2 and on PostgreSQL. */
class GreetingMappingTest {

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void timesAndVersionsSurviveARoundTrip(TestDatabase database) throws Exception {
        EntityManagerFactory factory = migratedUnit(database);
        Instant created = Instant.parse("2026-03-08T23:59:59.123456Z");
        String id = UUID.randomUUID().toString();
        inTransaction(factory, em -> em.persist(new Greeting(id, "Zoë 张", "Hello, Zoë 张!", "owner-1", created)));

        EntityManager em = factory.createEntityManager();
        Greeting read = em.find(Greeting.class, id);
        assertThat(read.createdAt()).isEqualTo(created);
        assertThat(read.updatedAt()).isEqualTo(created);
        assertThat(read.name()).isEqualTo("Zoë 张");
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.ownerId()).isEqualTo("owner-1");
        em.close();

        inTransaction(factory, tx -> tx.find(Greeting.class, id).change("Zoë 张", "Hi", created.plus(1, ChronoUnit.DAYS)));
        EntityManager again = factory.createEntityManager();
        assertThat(again.find(Greeting.class, id).version()).isEqualTo(2);
        assertThat(again.find(Greeting.class, id).updatedAt()).isEqualTo(created.plus(1, ChronoUnit.DAYS));
        List<Greeting> newer = again.createQuery("SELECT g FROM Greeting g WHERE g.createdAt < :at", Greeting.class)
                .setParameter("at", created.plusSeconds(1).atOffset(java.time.ZoneOffset.UTC)).getResultList();
        assertThat(newer).extracting(Greeting::id).containsExactly(id);
        again.close();
        factory.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void liveNamesAreUniqueIgnoringCaseButDeletedOnesAreNot(TestDatabase database) throws Exception {
        EntityManagerFactory factory = migratedUnit(database);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String first = UUID.randomUUID().toString();
        inTransaction(factory, em -> em.persist(new Greeting(first, "Ada", "Hello", "owner-1", now)));

        assertThatThrownBy(() -> inTransaction(factory,
                em -> em.persist(new Greeting(UUID.randomUUID().toString(), "ADA", "Hello", "owner-2", now))))
                .isInstanceOf(PersistenceException.class)
                .satisfies(e -> assertThat(sqlState(e)).as("unique violation on both databases").isEqualTo("23505"));

        inTransaction(factory, em -> em.find(Greeting.class, first).delete(now));
        inTransaction(factory, em -> em.persist(new Greeting(UUID.randomUUID().toString(), "Ada", "Again", "owner-1", now)));
        factory.close();
    }

    private interface Work {
        void run(EntityManager em);
    }

    private static void inTransaction(EntityManagerFactory factory, Work work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            work.run(em);
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Applies the plugin's own changelog, then opens its persistence unit as resource-local. */
    @SuppressWarnings("deprecation")
    static EntityManagerFactory migratedUnit(TestDatabase database) throws Exception {
        try (Connection connection = database.connect()) {
            Database liquibaseDatabase = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            liquibaseDatabase.setDatabaseChangeLogTableName("hello_changelog");
            liquibaseDatabase.setDatabaseChangeLogLockTableName("hello_changelog_lock");
            new Liquibase(new HelloSchema().changelog(),
                    new ClassLoaderResourceAccessor(GreetingMappingTest.class.getClassLoader()), liquibaseDatabase)
                    .update("");
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("javax.persistence.jtaDataSource", null);
        properties.put("javax.persistence.nonJtaDataSource", database.dataSource());
        properties.put("eclipselink.logging.logger", "DefaultLogger");
        properties.put("eclipselink.logging.level", "WARNING");
        properties.put("eclipselink.weaving", "false");
        return Persistence.createEntityManagerFactory("hello", properties);
    }

    private static String sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
