package org.kmodfarm.loadtest;

import java.net.URI;
import java.util.Objects;

/**
 * One package file of a repository, as its Packages index lists it.
 *
 * @param uri    where to download it (the archive root plus the index's {@code Filename})
 * @param sha256 the digest the index promises; a download that differs is refused
 */
public record PackageRef(String name, String version, URI uri, String sha256, long size) {
    public PackageRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(uri, "uri");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("package " + name + " has no SHA256 in its index");
        }
    }

    /** The file name a download is cached under: unique per name, version and content. */
    public String cacheName() {
        return name + "_" + version.replace(':', '%') + "_" + sha256.substring(0, 16) + ".deb";
    }
}
