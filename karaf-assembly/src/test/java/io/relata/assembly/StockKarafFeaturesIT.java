package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Relata's features repository installs onto an unmodified Apache Karaf of the same version:
 * {@code feature:repo-add mvn:io.relata/relata-features/VERSION/xml/features}, {@code feature:install relata-core}.
 * The Maven repository is the distribution's {@code system/} folder, standing in for Maven Central.
 */
class StockKarafFeaturesIT {

    @Test
    void relataCoreInstallsFromAMavenRepository() throws Exception {
        Path tarGz = Path.of(System.getProperty("relata.stock.karaf"));
        try (RelataServer karaf = RelataServer.stockKaraf(tarGz, RelataServer.assembly().resolve("system"))) {
            karaf.launch();
            awaitConsole(karaf);
            String version = System.getProperty("relata.version");

            RelataServer.ConsoleResult repository = karaf.console(
                    "feature:repo-add mvn:io.relata/relata-features/" + version + "/xml/features");
            assertThat(repository.exitStatus()).as(repository.all()).isZero();
            RelataServer.ConsoleResult install = karaf.console("feature:install relata-core");
            assertThat(install.exitStatus()).as(install.all()).isZero();

            karaf.awaitHealthy();
            RelataServer.ConsoleResult modules = karaf.console("relata:module-list");
            assertThat(modules.out()).containsPattern("core\\s+\\|\\s+\\S+\\s+\\|\\s+ACTIVE");
            assertThat(karaf.anonymous(java.net.http.HttpRequest.newBuilder(karaf.uri("/api/v1/modules"))).statusCode())
                    .as("the API needs a user").isEqualTo(401);
            assertThat(karaf.home.resolve("etc/org.ops4j.datasource-relata.cfg")).content()
                    .contains("${env:RELATA_DB_URL:-jdbc:h2:");
        }
    }

    private static void awaitConsole(RelataServer karaf) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (karaf.console("feature:list -i").exitStatus() == 0) {
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                // SSH opens part way through the boot
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the stock Karaf console did not open");
    }
}
