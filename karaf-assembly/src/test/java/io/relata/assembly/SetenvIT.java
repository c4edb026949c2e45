package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

    /**
     * The server's first run writes the class archive when it stops; later runs map it. An archive cut short is
     * written again, and writing a new one deletes the old ones. The JVM takes both sets of options.
     */
    @Test
    void theServerWritesItsClassArchiveOnceAndMapsItAfterwards() throws Exception {
        Path home = installation();
        Map<String, String> environment = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "DIRNAME", home.resolve("bin").toString(), "KARAF_SCRIPT", "karaf");
        Path stale = Files.writeString(Files.createDirectories(home.resolve("cds")).resolve("relata-11.0.2-1.jsa"), "x");

        String first = options(environment, "server");
        Path archive = archiveIn(first, "-XX:ArchiveClassesAtExit=");
        assertThat(archive.getParent()).isEqualTo(home.resolve("cds"));
        assertThat(archive.getFileName().toString()).startsWith("relata-" + Runtime.version().toString().split("\\+")[0]);
        assertThat(stale).as("an archive of another Java or folder").doesNotExist();
        assertThat(first).contains("-Xlog:cds*=error");
        assertThat(javaAccepts(first)).as(first).isZero();
        assertThat(archive).as("java -version wrote its classes at exit").isNotEmptyFile();

        String later = options(environment, "server");
        assertThat(archiveIn(later, "-XX:SharedArchiveFile=")).isEqualTo(archive);
        assertThat(later).doesNotContain("ArchiveClassesAtExit");
        assertThat(javaAccepts(later)).as(later).isZero();

        Files.delete(archive);
        Files.write(archive, new byte[4096]); // the header is written last: a JVM killed while writing leaves zeros
        assertThat(archiveIn(options(environment, "server"), "-XX:ArchiveClassesAtExit=")).isEqualTo(archive);
        assertThat(archive).doesNotExist();

        Path moved = installation();
        String elsewhere = options(Map.of("JAVA_HOME", System.getProperty("java.home"),
                "DIRNAME", moved.resolve("bin").toString(), "KARAF_SCRIPT", "karaf"), "server");
        assertThat(archiveIn(elsewhere, "-XX:ArchiveClassesAtExit=").getFileName()).isNotEqualTo(archive.getFileName());
    }

    /** The JVM refuses an archive of another build of the same version, or of another heap layout: a new name. */
    @Test
    void anotherJavaBuildOrHeapLayoutGetsAnArchiveOfItsOwn() throws Exception {
        Path home = installation();
        String bin = home.resolve("bin").toString();
        Path build1 = Files.createDirectories(temp.resolve("build1"));
        Files.writeString(build1.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nJAVA_RUNTIME_VERSION=\"17.0.15+6-1\"\n");
        Path build2 = Files.createDirectories(temp.resolve("build2"));
        Files.writeString(build2.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nJAVA_RUNTIME_VERSION=\"17.0.15+6-2\"\n");

        Path first = archiveToWrite(build1, bin);
        Path again = archiveToWrite(build1, bin);
        Path otherBuild = archiveToWrite(build2, bin);
        Path otherHeap = archiveToWrite(build1, bin, "RELATA_MAX_MEMORY", "40G");
        Path uncompressed = archiveToWrite(build1, bin, "EXTRA_JAVA_OPTS", "-XX:-UseCompressedOops");
        Path profiled = archiveToWrite(build1, bin, "EXTRA_JAVA_OPTS", "-XX:+HeapDumpOnOutOfMemoryError");

        assertThat(again).isEqualTo(first);
        assertThat(List.of(otherBuild, otherHeap, uncompressed)).doesNotContain(first).doesNotHaveDuplicates();
        assertThat(profiled).as("an option that leaves the classes' layout alone").isEqualTo(first);
    }

    /** bin/stop, bin/status and bin/client run JVMs of their own, which must neither write nor read the archive. */
    @Test
    void onlyTheServerJvmTakesPartInClassDataSharing() throws Exception {
        String java = System.getProperty("java.home");
        String server = installation().resolve("bin").toString();
        assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", server, "KARAF_SCRIPT", "start")))
                .as("bin/start").contains("-XX:ArchiveClassesAtExit=");
        assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", server, "KARAF_SCRIPT", "karaf")))
                .as("bin/karaf in the foreground").contains("-XX:ArchiveClassesAtExit=");

        Path home = installation();
        String bin = home.resolve("bin").toString();
        for (String script : List.of("stop", "status", "client", "shell")) {
            assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", bin, "KARAF_SCRIPT", script))).as(script)
                    .doesNotContain("Archive");
        }
        for (String argument : List.of("stop", "status", "client")) {
            assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", bin, "KARAF_SCRIPT", "stop"), argument))
                    .as("bin/stop runs bin/karaf " + argument).doesNotContain("Archive");
            assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", bin, "KARAF_SCRIPT", "karaf"), argument))
                    .as("bin/karaf " + argument).doesNotContain("Archive");
        }
        assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", bin, "KARAF_SCRIPT", "karaf",
                "RELATA_CLASS_ARCHIVE", "off"), "server")).doesNotContain("Archive");
        assertThat(options(Map.of("JAVA_HOME", java, "DIRNAME", bin, "KARAF_SCRIPT", "karaf",
                "EXTRA_JAVA_OPTS", "-Xshare:off"), "server")).doesNotContain("Archive");
        assertThat(options(Map.of("JAVA_HOME", fakeJava("11.0.2"), "DIRNAME", bin, "KARAF_SCRIPT", "karaf"), "server"))
                .as("a Java without dynamic archives").doesNotContain("Archive");
        assertThat(home.resolve("cds")).as("nothing written for those").doesNotExist();
    }

    /** A folder shaped like an installation: bin/ and the class path's lib/boot. */
    private Path installation() throws IOException {
        Path home = Files.createTempDirectory(temp, "relata-");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(Files.createDirectories(home.resolve("lib/boot")).resolve("main.jar"), "jar");
        return home;
    }

    /** The archive the server's first run would write, with that Java, installation and one more variable. */
    private static Path archiveToWrite(Path javaHome, String bin, String... variable) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("JAVA_HOME", javaHome.toString(),
                "DIRNAME", bin, "KARAF_SCRIPT", "karaf"));
        if (variable.length == 2) {
            environment.put(variable[0], variable[1]);
        }
        return archiveIn(options(environment, "server"), "-XX:ArchiveClassesAtExit=");
    }

    private static Path archiveIn(String options, String option) {
        return Arrays.stream(options.split("\\s+")).filter(word -> word.startsWith(option)).findFirst()
                .map(word -> Path.of(word.substring(option.length())))
                .orElseThrow(() -> new AssertionError("no " + option + " in " + options));
    }

    /** A Java home with only the release file that setenv reads. */
    private String fakeJava(String version) throws IOException {
        Path home = Files.createDirectories(temp.resolve("jdk-" + version));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home.toString();
    }

    /** EXTRA_JAVA_OPTS after setenv, sourced as Karaf's scripts source it: with the script's arguments. */
    private static String options(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", ". \"$0\" && printf %s \"$EXTRA_JAVA_OPTS\"",
                SETENV.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder shell = new ProcessBuilder(command).redirectErrorStream(true);
        shell.environment().keySet().removeIf(name -> name.startsWith("RELATA_") || name.equals("EXTRA_JAVA_OPTS")
                || name.equals("JAVA_MAX_MEM") || name.startsWith("KARAF_") || name.equals("DIRNAME"));
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
