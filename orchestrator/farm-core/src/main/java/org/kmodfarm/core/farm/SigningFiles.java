package org.kmodfarm.core.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The farm's signing key and certificate, as configured ({@code signing.key}, {@code signing.cert}). The key is
 * only ever named: this class never reads it (its readability is checked from its owner and mode), and the
 * cache key takes the certificate's digest, never anything of the key.
 *
 * @param key  the private key, absolute
 * @param cert the certificate, absolute
 */
public record SigningFiles(Path key, Path cert) {
    /** The sandbox user the signing container runs as (kmodfarm's builder images' {@code builder}). */
    public static final int SANDBOX_UID = 1000;

    public SigningFiles {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cert, "cert");
        if (!key.isAbsolute() || !cert.isAbsolute()) {
            throw new IllegalArgumentException("signing files need absolute paths: " + key + ", " + cert);
        }
    }

    /**
     * What keeps the signing container from using the files: missing, or not readable by the sandbox user.
     *
     * @return one line per problem; empty when usable
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Path file : List.of(key, cert)) {
            if (!Files.isRegularFile(file)) {
                problems.add(file + " does not exist");
                continue;
            }
            try {
                int uid = (Integer) Files.getAttribute(file, "unix:uid");
                int gid = (Integer) Files.getAttribute(file, "unix:gid");
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                boolean readable = mode.contains(PosixFilePermission.OTHERS_READ)
                        || uid == SANDBOX_UID && mode.contains(PosixFilePermission.OWNER_READ)
                        || gid == SANDBOX_UID && mode.contains(PosixFilePermission.GROUP_READ);
                if (!readable) {
                    problems.add(file + " is not readable by the signing container's user (uid " + SANDBOX_UID
                            + "): owner " + uid + ":" + gid + ", mode " + java.nio.file.attribute.PosixFilePermissions
                            .toString(mode));
                }
            } catch (IOException | UnsupportedOperationException e) {
                problems.add(file + ": cannot read its owner and mode: " + e.getMessage());
            }
        }
        return problems;
    }

    /** The line signing adds to every cell's cache key: the certificate's digest. */
    public String keyLine() throws IOException {
        return "signer " + Digests.sha256(Files.readAllBytes(cert));
    }
}
