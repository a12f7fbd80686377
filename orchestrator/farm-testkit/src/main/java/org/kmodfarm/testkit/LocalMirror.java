package org.kmodfarm.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.kmodfarm.archive.Compression;

/** Writes a small Debian-style repository (Release + Packages.xz) on disk, for resolution tests. */
public final class LocalMirror {
    private final Path root;

    public LocalMirror(Path root) {
        this.root = root;
    }

    public URI uri() {
        return root.toUri();
    }

    /** Adds a suite whose Packages holds the given stanzas (separated by blank lines). */
    public LocalMirror suite(String suite, String packages) throws Exception {
        Path dists = root.resolve("dists").resolve(suite);
        Path index = dists.resolve("main/binary-amd64/Packages.xz");
        Files.createDirectories(index.getParent());
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (OutputStream out = Compression.XZ.compress(xz)) {
            out.write(packages.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(index, xz.toByteArray());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(xz.toByteArray()));
        Files.writeString(dists.resolve("Release"), "Origin: Debian\nSuite: " + suite + "\nCodename: " + suite
                + "\nArchitectures: amd64 arm64\nComponents: main\nSHA256:\n " + sha + " " + xz.size()
                + " main/binary-amd64/Packages.xz\n");
        return this;
    }

    public static String headers(String release, String version, String compilerDep) {
        return "Package: linux-headers-" + release + "\nSource: linux\nVersion: " + version
                + "\nDepends: linux-headers-common (= " + version + "), linux-kbuild, " + compilerDep + "\n\n";
    }

}
