package org.kmodfarm.packaging;

import java.util.Objects;

/**
 * One file a package installs: a regular file with its content and mode, or a symbolic link. Directories
 * are implied by the files' paths. The content array is neither copied nor changed: callers hand it over.
 *
 * @param path       absolute path on the target host, e.g. {@code /lib/modules/6.1.0-47-amd64/updates/dkms/a.ko}
 * @param content    the file's bytes; empty for a link
 * @param mode       permission bits (0644, 0755); 0777 for a link
 * @param linkTarget the link's target as stored; null for a regular file
 */
public record PackageFile(String path, byte[] content, int mode, String linkTarget) {
    public PackageFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//") || path.contains("/../")
                || path.endsWith("/..") || path.contains("/./")) {
            throw new IllegalArgumentException("a package file needs a plain absolute path: '" + path + "'");
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode holds more than permission bits: " + Integer.toOctalString(mode));
        }
    }

    public static PackageFile file(String path, byte[] content, int mode) {
        return new PackageFile(path, content, mode, null);
    }

    public static PackageFile symlink(String path, String target) {
        return new PackageFile(path, new byte[0], 0777, Objects.requireNonNull(target, "target"));
    }

    public boolean isLink() {
        return linkTarget != null;
    }
}
