package org.kmodfarm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.kmodfarm.packaging.iso.Xorriso;
import org.kmodfarm.packaging.module.DiskMedia;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm mkdriverdisk}: a driver update disk of the farm's builds, for an installer. */
@Command(name = "mkdriverdisk", mixinStandardHelpOptions = true,
        description = {"Makes a driver update disk of the module's packages (redhat: the kmod RPMs of mkrpm) for "
                + "the kernels. "
                + "redhat: anaconda's format (version 3): the rhdd3 marker, rpms/ARCH/*.rpm and their repository "
                + "metadata (rpms/ARCH/repodata: repomd.xml, primary, filelists, other), on an ISO 9660 image "
                + "labelled OEMDRV (which anaconda loads by itself; made with xorriso) or as a .tar.gz of the same "
                + "tree. Written as dd-NAME-VERSION.iso or .tar.gz.",
                "ubuntu: debian-installer's driver injection disk (Ubuntu's and Debian's hw-detect): per kernel "
                        + "the mkbmdeb package, with a preinst refusing a kernel the system neither has installed "
                        + "nor runs, and gzip members, under DISTRO-drivers/RELEASE/ (from the kernel's matrix "
                        + "target, as the installer's lsb-release names it), plus mkdeb's DKMS package under "
                        + "source/; labelled OEMDRV, the ISO also on its first MBR partition (the installer looks at "
                        + "USB partitions). Written as dd-NAME-VERSION-ubuntu.iso or .tar.gz.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the end of the newest build packed.",
                "Exit: 0 disk written, 2 bad input (an unknown NAME/VERSION, a kernel not BUILT, an unknown "
                        + "--type), 3 xorriso missing or failing."})
final class MkdriverdiskCommand implements Callable<Integer> {
    /** The installers whose driver disk format kmodfarm writes. */
    enum DiskType {
        REDHAT, UBUNTU
    }

    private final Context context;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Option(names = "--type", paramLabel = "TYPE", required = true, description = "The installer's format: "
            + "${COMPLETION-CANDIDATES} (the SUSE layout is not written yet).")
    DiskType type;

    @Option(names = "--media", paramLabel = "MEDIA", defaultValue = "iso",
            description = "iso or tar (default: ${DEFAULT-VALUE}).")
    DiskMedia media;

    @Mixin
    PackageOutput output;

    @Mixin
    MaintainerOption maintainer;

    MkdriverdiskCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return output.write(context, maintainer.options(context), module, kernels,
                (packaging, mv, selected, where, folder) -> List.of(type == DiskType.UBUNTU
                        ? packaging.ubuntuDriverDisk(mv, selected, where, media, Xorriso.withPartitionTable(), folder)
                        : packaging.driverDisk(mv, selected, where, media, new Xorriso(), folder)));
    }
}
