package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.dkms.tree.DkmsTarball;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;

/**
 * DKMS tarballs of the farm's builds, in the layout of DKMS's {@code mktarball} ({@link DkmsTarball}, which
 * kmodfarm's {@code dkms mktarball} writes too), so that DKMS's {@code ldtarball} loads them on a host: the
 * tree's {@code NAME/VERSION/KERNEL/ARCH} folders (module/*.ko, log/make.log) under {@code dkms_main_tree},
 * and the module source under {@code dkms_source_tree}, or, with binaries only, the dkms.conf under
 * {@code dkms_binaries_only}. Each module file is checked against its build record before it is packed.
 */
final class DkmsTarballs {
    private DkmsTarballs() {
    }

    static Path write(ModuleBuilds builds, List<CellResult> cells, boolean binariesOnly, Instant time, Path out)
            throws IOException {
        ModuleVersion mv = builds.module();
        org.kmodfarm.dkms.tree.ModuleVersion dkmsVersion = new org.kmodfarm.dkms.tree.ModuleVersion(mv.name(),
                mv.version());
        List<DkmsTarball.Built> kernels = new ArrayList<>();
        for (CellResult cell : cells) {
            for (ModuleInfo m : cell.modules()) {
                BinaryModuleDebs.verified(builds, cell, m);
            }
            Path dir = builds.tree().dkmsCell(cell.cell());
            kernels.add(new DkmsTarball.Built(new KernelArch(cell.cell().kernel(), cell.cell().arch()), dir));
        }
        Path source = builds.tree().root().resolve(mv.name()).resolve(mv.version()).resolve("source");
        Path conf = source.resolve("dkms.conf");
        if (!Files.isRegularFile(conf)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(conf), "the tree holds no source of "
                    + mv + " with a dkms.conf; DKMS's ldtarball needs one even with --binaries-only",
                    "build it again from its source: kmodfarm build SOURCE"));
        }
        DkmsTarball.Payload payload = binariesOnly ? new DkmsTarball.Payload.BinariesOnly(dkmsVersion, conf)
                : new DkmsTarball.Payload.Source(source);
        byte[] tar = DkmsTarball.tar(kernels, payload, time);
        Files.createDirectories(out);
        Path file = out.resolve(DkmsTarball.defaultName(dkmsVersion, kernels.stream()
                .map(DkmsTarball.Built::target).toList(), false));
        DkmsTarball.write(tar, file);
        return file;
    }
}
