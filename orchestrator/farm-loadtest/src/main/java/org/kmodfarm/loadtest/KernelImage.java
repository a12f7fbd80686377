package org.kmodfarm.loadtest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A kernel as its image package ships it, unpacked once into the cache.
 *
 * @param pkg      the package it came from
 * @param vmlinuz  what QEMU boots: the bzImage, or the kernel decompressed ahead of time (PVH entry)
 * @param config   the kernel's {@code .config}
 * @param builtin  names of the modules built into the image (no file to load)
 * @param modules  module name → path of its file in the package, for the modules shipped as files
 */
public record KernelImage(String kernel, PackageRef pkg, Path vmlinuz, String config, Set<String> builtin,
                          Map<String, String> modules) {
    public KernelImage {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(vmlinuz, "vmlinuz");
        builtin = Set.copyOf(builtin);
        modules = Map.copyOf(modules);
    }

    /** Whether the kernel's configuration sets {@code option} to {@code y}. */
    public boolean enabled(String option) {
        return config.lines().anyMatch(l -> l.equals(option + "=y"));
    }
}
