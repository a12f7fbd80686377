package org.kmodfarm.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A CPU architecture, named as Debian names it, with the kernel's own name beside it. */
public enum Arch {
    AMD64("amd64", "x86_64", "amd64"),
    ARM64("arm64", "aarch64", "arm64"),
    I386("i386", "i686", "386"),
    ARMHF("armhf", "armv7l", "arm"),
    PPC64EL("ppc64el", "ppc64le", "ppc64le"),
    S390X("s390x", "s390x", "s390x"),
    RISCV64("riscv64", "riscv64", "riscv64");

    private final String debian;
    private final String kernel;
    private final String oci;

    Arch(String debian, String kernel, String oci) {
        this.debian = debian;
        this.kernel = kernel;
        this.oci = oci;
    }

    /** The name of OCI image platforms and of Kubernetes' {@code kubernetes.io/arch} node label (Go's GOARCH). */
    public String oci() {
        return oci;
    }

    public String debian() {
        return debian;
    }

    /** The name {@code uname -m} prints and DKMS uses in its tree. */
    public String kernel() {
        return kernel;
    }

    /** Accepts the Debian or the kernel name; fails listing the valid names. */
    public static Arch parse(String name) {
        for (Arch a : values()) {
            if (a.debian.equals(name) || a.kernel.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; valid: " + valid());
    }

    public static String valid() {
        return Arrays.stream(values()).map(Arch::debian).collect(Collectors.joining(", "));
    }
}
