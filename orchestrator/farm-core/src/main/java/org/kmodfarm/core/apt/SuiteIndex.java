package org.kmodfarm.core.apt;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kernel-related packages of one suite, component {@code main}, one architecture: every
 * {@code linux-headers-*} package and every compiler package they may depend on, and what a load test boots:
 * every {@code linux-image-*} package and {@code busybox-static}.
 *
 * @param packagesSha256 the SHA-256 of the Packages index this was read from (the cache key)
 */
public record SuiteIndex(URI mirror, String suite, String arch, String packagesSha256,
                         List<PackageEntry> packages) {

    public SuiteIndex {
        packages = List.copyOf(packages);
    }

    /**
     * Whether a Packages stanza is worth keeping: headers, the compiler packages headers name, kernel images and
     * the static busybox a load test's initramfs is made of.
     */
    static boolean relevant(String packageName) {
        return packageName.startsWith("linux-headers-") || packageName.startsWith("linux-compiler-")
                || packageName.startsWith("linux-image-") || packageName.equals("busybox-static");
    }

    public Map<String, PackageEntry> byName() {
        return packages.stream().collect(Collectors.toMap(PackageEntry::name, Function.identity(), (a, b) -> a));
    }

    public Optional<PackageEntry> find(String name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
