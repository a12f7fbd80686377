package org.kmodfarm.cli.dkms;

import java.nio.file.Path;
import org.kmodfarm.dkms.build.ModuleSuffix;

/**
 * Where a {@link DkmsCommand} runs: on a host, as DKMS 3.2.2 itself ({@code bin/dkms}), or in a farm cell, the
 * locked-down container that builds one module for one kernel ({@link CellMain}). Only what differs is here; all
 * else is DKMS's.
 */
enum DkmsProfile {
    /** DKMS on a host: DKMS 3.2.2's behaviour, unchanged. */
    HOST(true, false, true),
    /**
     * A farm cell. It holds no signing key (kmodfarm signs in its own step, the only one the key is mounted in),
     * so it neither looks for keys nor runs openssl. It has the target kernel's headers but not its installed
     * modules, so the kernel's config decides the compression. Its trees are on a tmpfs owned by the sandbox's
     * unprivileged user, so importing a source directory needs no root.
     */
    FARM(false, true, false);

    /** What the signing prologue prints instead of DKMS's, in a profile that does not sign. */
    static final String NOT_SIGNING = "Signing: not done in the build sandbox; kmodfarm signs in its own step";

    private final boolean signs;
    private final boolean suffixFromConfig;
    private final boolean importNeedsRoot;

    DkmsProfile(boolean signs, boolean suffixFromConfig, boolean importNeedsRoot) {
        this.signs = signs;
        this.suffixFromConfig = suffixFromConfig;
        this.importNeedsRoot = importNeedsRoot;
    }

    /** Whether the build prepares signing as DKMS does (keys, openssl) and signs what it built. */
    boolean signs() {
        return signs;
    }

    /** Whether adding from a source directory keeps DKMS's {@code check_root}. */
    boolean importNeedsRoot() {
        return importNeedsRoot;
    }

    /**
     * The compression of built modules.
     *
     * @param installedKernel {@code <install_tree>/<kernel>}, where DKMS looks at the installed modules
     * @param kernelConfig    the kernel's {@code .config}
     */
    ModuleSuffix suffix(Path installedKernel, Path kernelConfig) {
        return suffixFromConfig ? ModuleSuffix.fromKernelConfig(kernelConfig) : ModuleSuffix.detect(installedKernel);
    }
}
