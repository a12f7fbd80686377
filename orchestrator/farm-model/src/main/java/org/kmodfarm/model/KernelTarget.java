package org.kmodfarm.model;

import java.util.List;
import java.util.Objects;

/**
 * One kernel to build for, resolved from a distro's package repository.
 *
 * @param group           the matrix group it came from
 * @param distro          e.g. {@code debian}
 * @param release         the distro release whose userland builds it, e.g. {@code bookworm}
 * @param suite           the suite the headers package was found in, e.g. {@code bookworm-backports}
 * @param arch            the architecture
 * @param flavour         the kernel flavour, e.g. {@code cloud-amd64}
 * @param kernel          the kernel release, e.g. {@code 6.1.0-47-cloud-amd64}
 * @param headersPackage  the package holding {@code /lib/modules/KERNEL/build}
 * @param headersVersion  its exact version
 * @param compilerPackage the compiler dependency the headers package names (as written)
 * @param compiler        the compiler it amounts to, e.g. {@code gcc-12}
 * @param aptSources      what a builder image lists in its apt sources to install the headers
 */
public record KernelTarget(
        String group,
        String distro,
        String release,
        String suite,
        Arch arch,
        String flavour,
        KernelRelease kernel,
        String headersPackage,
        DebianVersion headersVersion,
        String compilerPackage,
        String compiler,
        List<AptSource> aptSources) implements Comparable<KernelTarget> {

    public KernelTarget {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(distro, "distro");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(headersPackage, "headersPackage");
        Objects.requireNonNull(headersVersion, "headersVersion");
        Objects.requireNonNull(compilerPackage, "compilerPackage");
        Objects.requireNonNull(compiler, "compiler");
        aptSources = List.copyOf(aptSources);
        if (aptSources.isEmpty()) {
            throw new IllegalArgumentException("a kernel target needs at least one apt source");
        }
    }

    /** Stable order for output: distro, release, kernel, arch. */
    @Override
    public int compareTo(KernelTarget o) {
        int c = distro.compareTo(o.distro);
        c = c != 0 ? c : release.compareTo(o.release);
        c = c != 0 ? c : kernel.compareTo(o.kernel);
        return c != 0 ? c : arch.compareTo(o.arch);
    }
}
