package org.kmodfarm.core.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.archive.TarWriter;

/**
 * The builder image recipes of {@code images/} (packed into the jar): Dockerfiles and the files they
 * copy, one folder per distro family. Turns a recipe plus generated files into a build context.
 */
public final class ImageRecipes {
    private final String family;

    public ImageRecipes(String family) {
        this.family = family;
    }

    /** Bytes of a recipe file, e.g. {@code kernel.Dockerfile}. */
    public byte[] file(String name) {
        String path = "/images/" + family + "/" + name;
        try (InputStream in = ImageRecipes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("recipe file missing from the build: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * A build context: {@code dockerfile} as {@code Dockerfile}, the named recipe files, and generated files.
     *
     * @param generated relative path to content, e.g. {@code apt/sources.list}
     */
    public byte[] context(String dockerfile, Iterable<String> recipeFiles, Map<String, String> generated) {
        TarWriter tar = new TarWriter().file("Dockerfile", file(dockerfile), 0644);
        for (String name : recipeFiles) {
            tar.file(name, file(name), 0755);
        }
        generated.forEach((name, content) -> tar.file(name, content, 0644));
        return tar.toBytes();
    }

    /** A short stable digest of strings, for deterministic tags. */
    public static String digest(Map<String, String> parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : new TreeMap<>(parts).entrySet()) {
                md.update((e.getKey() + "\0" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
