package io.relata.core.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.framework.Bundle;

/**
 * The app's files, read once from the bundle's {@code webapp/} folder. Only these files are ever served (no
 * path is resolved against the bundle per request), and their content hash is the version in the asset URLs:
 * {@code /ui/<version>/app.js} can be cached for a year because a new build has a new version.
 */
final class WebAssets {

    static final String INDEX = "index.html";
    static final String VERSION_PLACEHOLDER = "{{version}}";

    record Asset(byte[] content, String contentType) {
    }

    private final Map<String, Asset> assets;
    private final String version;

    WebAssets(Map<String, byte[]> files) {
        Map<String, Asset> read = new TreeMap<>();
        MessageDigest digest = sha256();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            read.put(file.getKey(), new Asset(file.getValue(), contentType(file.getKey())));
            digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update(file.getValue());
        }
        this.assets = Map.copyOf(read);
        this.version = HexFormat.of().formatHex(digest.digest(), 0, 6);
        if (!assets.containsKey(INDEX)) {
            throw new IllegalStateException("the web app has no " + INDEX);
        }
    }

    static WebAssets of(Bundle bundle) {
        Map<String, byte[]> files = new TreeMap<>();
        Enumeration<URL> entries = bundle.findEntries("webapp", "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String path = entry.getPath();
            if (path.endsWith("/")) {
                continue;
            }
            try (InputStream in = entry.openStream()) {
                files.put(path.substring(path.indexOf("webapp/") + "webapp/".length()), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return new WebAssets(files);
    }

    /** @return the content hash that versions every asset URL */
    String version() {
        return version;
    }

    /** @return a file of the app by its path below {@code webapp/}, e.g. {@code pages/login.js} */
    Optional<Asset> asset(String path) {
        if (path == null || path.equals(INDEX)) {
            return Optional.empty(); // index.html only through index(), with the version filled in
        }
        return Optional.ofNullable(assets.get(path));
    }

    /** @return index.html with the asset version filled in */
    byte[] index() {
        String html = new String(assets.get(INDEX).content(), StandardCharsets.UTF_8);
        return html.replace(VERSION_PLACEHOLDER, version).getBytes(StandardCharsets.UTF_8);
    }

    static String contentType(String path) {
        String name = path.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".json")) {
            return "application/json; charset=utf-8";
        } else if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (name.endsWith(".png")) {
            return "image/png";
        } else if (name.endsWith(".ico")) {
            return "image/x-icon";
        } else if (name.endsWith(".woff2")) {
            return "font/woff2";
        }
        return "application/octet-stream";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
