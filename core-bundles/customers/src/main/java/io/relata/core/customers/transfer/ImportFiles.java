package io.relata.core.customers.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.Problem;

/**
 * Where uploaded import files wait for their import: {@code ${karaf.data}/tmp/imports}, or the JVM's temporary
 * folder outside Karaf. A file is named by its import's id, which the server made, so no client text reaches a
 * path.
 */
class ImportFiles {

    static final long MAX_BYTES = 200L * 1024 * 1024;
    /** Uploads nobody imported within this long are deleted, so abandoned files do not fill the disk. */
    static final Duration KEPT_FOR = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(ImportFiles.class);

    private final Path folder;

    ImportFiles(Path folder) {
        this.folder = folder;
    }

    static ImportFiles ofThisServer() {
        String data = System.getProperty("karaf.data");
        Path base = data == null ? Path.of(System.getProperty("java.io.tmpdir"), "relata") : Path.of(data, "tmp");
        return new ImportFiles(base.resolve("imports"));
    }

    /**
     * Streams the body into the import's file.
     *
     * @throws io.relata.api.rest.ProblemException 413 when the body is larger than {@link #MAX_BYTES}; no file is
     *         left behind then, nor when reading the body fails
     */
    void receive(String importId, InputStream body) {
        Path file = path(importId);
        try {
            Files.createDirectories(folder);
            sweep();
            long total = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                    total += read;
                    if (total > MAX_BYTES) {
                        throw Problem.of(413, "payload-too-large", "Payload too large",
                                "import files are limited to " + MAX_BYTES / (1024 * 1024) + " MB; split the file")
                                .toException();
                    }
                    out.write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            delete(importId);
            throw new UncheckedIOException("cannot store the uploaded file", e);
        } catch (RuntimeException e) {
            delete(importId);
            throw e;
        }
    }

    InputStream open(String importId) throws IOException {
        return Files.newInputStream(path(importId));
    }

    boolean exists(String importId) {
        return Files.isRegularFile(path(importId));
    }

    void delete(String importId) {
        try {
            Files.deleteIfExists(path(importId));
        } catch (IOException e) {
            LOG.warn("Cannot delete the import file {}: {}", path(importId), e.toString());
        }
    }

    private Path path(String importId) {
        return folder.resolve(importId + ".csv");
    }

    private void sweep() {
        Instant cutoff = Instant.now().minus(KEPT_FOR);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.csv")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot clean up old import files in {}: {}", folder, e.toString());
        }
    }
}
