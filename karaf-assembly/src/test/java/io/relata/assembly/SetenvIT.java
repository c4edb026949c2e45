package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/setenv} of the packaged distribution, read by a POSIX shell as Karaf's scripts read it, and the JVM
 * options it makes tried on this machine's Java: a wrong combination stops the server before it logs anything.
 */
class SetenvIT {

    private static final Path SETENV = Path.of(System.getProperty("relata.assembly"), "bin", "setenv");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path temp;

    @Test
    void byDefaultTheServerRunsG1WithItsIdleCollectionAndTheShippedHeap() throws Exception {
        String options = options(Map.of("JAVA_HOME", System.getProperty("java.home")));
        assertThat(options).contains("-Xms64M", "-Xmx1024M", "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=15000",
                "-XX:MaxHeapFreeRatio=20", "-XX:SoftRefLRUPolicyMSPerMB=20", "-Duser.timezone=UTC");
        assertThat(javaAccepts(options)).as(options).isZero();
    }

    @Test
    void aCollectorChosenInExtraJavaOptsReplacesG1() throws Exception {
        String options = options(Map.of("JAVA_HOME", System.getProperty("java.home"),
                "EXTRA_JAVA_OPTS", "-XX:+UseSerialGC"));
        assertThat(options).contains("-XX:+UseSerialGC").doesNotContain("UseG1GC");
        assertThat(javaAccepts(options)).as("the JVM starts with " + options).isZero();

        String g1 = options(Map.of("JAVA_HOME", System.getProperty("java.home"), "EXTRA_JAVA_OPTS", "-XX:+UseG1GC"));
        assertThat(g1).as("G1 named again keeps its idle collection").contains("-XX:G1PeriodicGCInterval=15000");
        assertThat(javaAccepts(g1)).as("the JVM starts with " + g1).isZero();
    }

    @Test
    void nativeMemoryIsTrimmedOnlyOnAJavaThatKnowsTheOption() throws Exception {
        assertThat(options(Map.of("JAVA_HOME", fakeJava("17.0.8"), "RELATA_MAX_MEMORY", "512M")))
                .contains("-Xmx512M", "-XX:MetaspaceReclaimPolicy=aggressive")
                .doesNotContain("TrimNativeHeapInterval");
        assertThat(options(Map.of("JAVA_HOME", fakeJava("17.0.9")))).contains("-XX:TrimNativeHeapInterval=5000");
        assertThat(options(Map.of("JAVA_HOME", fakeJava("17.0.15")))).contains("-XX:TrimNativeHeapInterval=5000");
        assertThat(options(Map.of("JAVA_HOME", temp.resolve("no-such-java").toString())))
                .doesNotContain("TrimNativeHeapInterval", "MetaspaceReclaimPolicy");
    }

    /** A Java home with only the release file that setenv reads. */
    private String fakeJava(String version) throws IOException {
        Path home = Files.createDirectories(temp.resolve("jdk-" + version));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home.toString();
    }

    private static String options(Map<String, String> environment) throws Exception {
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", ". \"$0\" && printf %s \"$EXTRA_JAVA_OPTS\"",
                SETENV.toString()).redirectErrorStream(true);
        shell.environment().keySet().removeIf(name -> name.startsWith("RELATA_") || name.equals("EXTRA_JAVA_OPTS")
                || name.equals("JAVA_MAX_MEM"));
        shell.environment().putAll(environment);
        Process process = shell.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static int javaAccepts(String options) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(options.trim().split("\\s+")));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        java.getInputStream().readAllBytes();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return java.exitValue();
    }
}
