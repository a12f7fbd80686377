package org.kmodfarm.cli.dkms;

import java.util.List;
import java.util.Objects;

/**
 * DKMS 3.2.2's command line after its parsing loop: the globals {@code dkms.in} fills, empty strings where DKMS
 * leaves them empty.
 *
 * @param kernels         every {@code -k}, in order ({@code kver/arch} also appends to {@code arches})
 * @param arches          every {@code -a} and the arch part of {@code -k kver/arch}, in order
 * @param trySourceTree   a source directory (or dkms.conf's directory with {@code ./} appended) given as a word
 * @param archiveLocation {@code --archive}, or another existing file given as a word
 * @param json            kmodfarm's {@code --json}: status as JSON for tools
 * @param parallelJobs    {@code -j}, empty when not given
 * @param noDepmod        {@code --no-depmod}
 * @param modprobeOnInstall {@code --modprobe-on-install}
 */
record DkmsOptions(String action, String module, String moduleVersion, List<String> kernels, List<String> arches,
        String conf, boolean force, boolean all, boolean json, boolean rpmSafeUpgrade, boolean binariesOnly,
        boolean sourceOnly, String dkmsTree, String sourceTree, String installTree, String kernelSourceDir,
        String kernelConfig, String trySourceTree, String archiveLocation, String parallelJobs, boolean noDepmod,
        boolean modprobeOnInstall) {
    DkmsOptions {
        for (String s : List.of(action, module, moduleVersion, conf, dkmsTree, sourceTree, installTree,
                kernelSourceDir, kernelConfig, trySourceTree, archiveLocation, parallelJobs)) {
            Objects.requireNonNull(s, "DkmsOptions strings must not be null");
        }
        kernels = List.copyOf(kernels);
        arches = List.copyOf(arches);
    }
}
