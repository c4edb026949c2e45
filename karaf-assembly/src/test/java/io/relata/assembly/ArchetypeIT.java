package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The partner quick start, run by the build: generate a plugin from the archetype, build it with Maven, and let
 * its own in-container test boot this distribution with the plugin hot-deployed and call its endpoint.
 *
 * <p>It runs against a private local Maven repository holding this build's artifacts (nothing is installed
 * into the user's), with the user's repository as a read-only cache for third-party artifacts.
 */
class ArchetypeIT {

    private final String version = System.getProperty("relata.version");
    private final Path root = Path.of(System.getProperty("relata.root")).toAbsolutePath();
    private final Path work = Path.of("target", "archetype-it-" + System.nanoTime()).toAbsolutePath();
    private final Path repository = work.resolve("repository");

    @Test
    void aGeneratedPluginBuildsDeploysAndAnswers() throws Exception {
        publishBuildArtifacts();
        Path settings = writeSettings();

        maven(work, settings, "archetype:generate", "-DarchetypeGroupId=io.relata",
                "-DarchetypeArtifactId=relata-plugin-archetype", "-DarchetypeVersion=" + version,
                "-DgroupId=com.acme", "-DartifactId=acme-loyalty", "-Dversion=1.0.0", "-Dpackage=com.acme.loyalty",
                "-DmoduleName=Acme loyalty", "-DresourcePath=loyalty", "-DinteractiveMode=false");
        Path project = work.resolve("acme-loyalty");
        assertThat(project.resolve("src/main/java/com/acme/loyalty/ItemResource.java")).exists();
        assertThat(project.resolve("src/main/resources/ui/items.js")).content()
                .contains("const API = '/loyalty/items';").contains("export async function mount");
        assertThat(project.resolve("src/main/resources/db/acme-loyalty-changelog.xml")).content()
                .contains("acme_loyalty_item");
        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<artifactId>relata-plugin-api</artifactId>")
                .doesNotContain("relata-core");

        maven(project, settings, "verify");

        assertThat(project.resolve("target/acme-loyalty-1.0.0.jar")).exists();
        String unit = Files.readString(project.resolve("target/surefire-reports/com.acme.loyalty.NewItemTest.txt"));
        assertThat(unit).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
        String inContainer = Files.readString(project.resolve("target/failsafe-reports/com.acme.loyalty.PluginIT.txt"));
        assertThat(inContainer).as("the generated in-container test booted Relata and called the plugin")
                .contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0");
    }

    /** Lays out this build's artifacts as a Maven repository, as 'mvn install' would have. */
    private void publishBuildArtifacts() throws IOException {
        publish("relata-parent", root.resolve("pom.xml"), null, null);
        publish("relata-plugins", root.resolve("plugins/pom.xml"), null, null);
        publish("relata-plugin-api", root.resolve("plugin-api/pom.xml"),
                root.resolve("plugin-api/target/relata-plugin-api-" + version + ".jar"), "jar");
        publish("relata-plugin-testing", root.resolve("plugins/relata-plugin-testing/pom.xml"),
                root.resolve("plugins/relata-plugin-testing/target/relata-plugin-testing-" + version + ".jar"), "jar");
        publish("relata-plugin-archetype", root.resolve("plugins/relata-plugin-archetype/pom.xml"),
                root.resolve("plugins/relata-plugin-archetype/target/relata-plugin-archetype-" + version + ".jar"), "jar");
        publish("relata", root.resolve("karaf-assembly/pom.xml"),
                root.resolve("karaf-assembly/target/relata-" + version + ".tar.gz"), "tar.gz");
    }

    private void publish(String artifactId, Path pom, Path file, String extension) throws IOException {
        Path folder = repository.resolve("io/relata/" + artifactId + "/" + version);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (file != null) {
            assertThat(file).as("built by this build").exists();
            Files.copy(file, folder.resolve(artifactId + "-" + version + "." + extension),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path writeSettings() throws IOException {
        Path cache = Path.of(System.getProperty("user.home"), ".m2", "repository");
        String repositories = "<repository><id>build-cache</id><url>" + cache.toUri() + "</url>"
                + "<releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots>"
                + "</repository>";
        Path settings = work.resolve("settings.xml");
        Files.createDirectories(work);
        Files.writeString(settings, "<settings><localRepository>" + repository + "</localRepository>"
                + "<profiles><profile><id>cache</id><repositories>" + repositories + "</repositories>"
                + "<pluginRepositories>" + repositories.replace("repository>", "pluginRepository>")
                + "</pluginRepositories></profile></profiles>"
                + "<activeProfiles><activeProfile>cache</activeProfile></activeProfiles></settings>");
        return settings;
    }

    private static void maven(Path directory, Path settings, String... arguments) throws Exception {
        String home = System.getProperty("maven.home");
        List<String> command = new ArrayList<>(List.of(home == null ? "mvn" : Path.of(home, "bin", "mvn").toString(),
                "-B", "-s", settings.toString()));
        command.addAll(List.of(arguments));
        Path log = directory.resolve("maven-" + System.nanoTime() + ".log");
        Files.createDirectories(directory);
        Process maven = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = maven.waitFor(15, TimeUnit.MINUTES);
        if (!done || maven.exitValue() != 0) {
            String tail;
            try (Stream<String> lines = Files.lines(log)) {
                List<String> all = lines.toList();
                tail = String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
            }
            throw new AssertionError("mvn " + String.join(" ", arguments) + " failed in " + directory + ":\n" + tail);
        }
    }
}
