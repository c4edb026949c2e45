package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The distribution with its defaults: embedded H2 under data/. */
class H2DistributionIT extends ActivitiesContract {

    private static RelataServer server;

    @BeforeAll
    static void boot() throws Exception {
        server = RelataServer.install("h2", Map.of()).start();
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected RelataServer server() {
        return server;
    }

    @Test
    @Order(2)
    void defaultsToAnH2DatabaseUnderData() throws Exception {
        assertThat(server.home.resolve("data/db/relata.mv.db")).exists();
        assertThat(server.log()).contains("Schema core_modules of io.relata.core.modules is up to date (1 change sets applied");
    }

    @Test
    @Order(100)
    void restartKeepsDataAndReappliesNoMigration() throws Exception {
        server.stop();
        List<Path> archives;
        try (Stream<Path> files = Files.list(server.home.resolve("cds"))) {
            archives = files.toList();
        }
        assertThat(archives).as("the first run wrote the classes it loaded when it stopped").singleElement()
                .satisfies(archive -> assertThat(Files.size(archive)).isGreaterThan(10L * 1024 * 1024));
        server.start();
        assertThat(Files.readString(Path.of("/proc", String.valueOf(server.jvmPid()), "maps")))
                .as("the second run maps the archive").contains(archives.get(0).toString());

        assertThat(server.log()).contains("Schema core_modules of io.relata.core.modules is up to date (0 change sets applied");
        assertThat(bundleState(LIQUIBASE)).as("nothing to migrate: Liquibase was not started").isEqualTo("Resolved");
        deployPlugin();
        JsonNode greetings = Json.body(server.get("/api/v1/hello/greetings?limit=200"));
        assertThat(greetings.path("items").findValuesAsText("name"))
                .as("data written before the plugin was removed and the server restarted").contains("Grace", "Evented");
        assertThat(server.log()).contains("Schema hello of io.relata.example.hello is up to date (0 change sets applied");
        assertThat(bundleState(LIQUIBASE)).as("the plugin's changelog is unchanged").isEqualTo("Resolved");
    }
}
