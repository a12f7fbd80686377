package org.kmodfarm.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.iso.Xorriso;
import org.kmodfarm.packaging.module.DiskMedia;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm mkdriverdisk}: a driver update disk of the farm's builds, for an installer. */
@Command(name = "mkdriverdisk", mixinStandardHelpOptions = true,
        description = {"Makes a driver update disk of the module's packages for an installer, for "
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
                "suse: the driver update openSUSE's mkdud writes and linuxrc reads: linux/suse/ARCH-DIST/ with "
                + "dud.config, install/ (the KMPs of mkkmp, installed into the target system) and modules/ (the "
                + "modules of the newest kernel packed, with module.order, loaded into the installer); on an ISO "
                + "labelled OEMDRV (which linuxrc loads by itself) or as a .tar.gz (for dud=). Written as "
                + "dud-NAME-VERSION.iso or .tar.gz.",
                "Byte-reproducible: every time stamp is SOURCE_DATE_EPOCH, else the end of the newest build packed.",
                "redhat and suse disks' RPMs are signed with --sign-key (or packaging.rpm-sign-key); the repository "
                        + "metadata of a redhat disk then describes the signed files.",
                "Exit: 0 disk written, 2 bad input (an unknown NAME/VERSION, a kernel not BUILT, an unknown "
                        + "--type, a --dist linuxrc does not know or one without --type suse, --sign-key with --type "
                        + "ubuntu, a signing key gpg does not have), 3 xorriso or gpg missing or failing."})
final class MkdriverdiskCommand implements Callable<Integer> {
    /** The installers whose driver disk format kmodfarm writes. */
    enum DiskType {
        REDHAT, UBUNTU, SUSE
    }

    private final Context context;

    @Parameters(index = "0", paramLabel = "NAME/VERSION", description = "A module version of the tree.")
    String module;

    @ArgGroup(exclusive = true)
    PackageKernels kernels;

    @Option(names = "--type", paramLabel = "TYPE", required = true, description = "The installer's format: "
            + "${COMPLETION-CANDIDATES}.")
    DiskType type;

    /** The product of a SUSE driver update when --dist is not given: the current enterprise server. */
    private static final String DEFAULT_DIST = "sles15";

    @Option(names = "--dist", paramLabel = "DIST", description = "suse only: the product the update is for, as "
            + "linuxrc names it (sles15, sled15, leap15.6, tw…; default: " + DEFAULT_DIST + ").")
    String dist;

    @Option(names = "--media", paramLabel = "MEDIA", defaultValue = "iso",
            description = "iso or tar (default: ${DEFAULT-VALUE}).")
    DiskMedia media;

    @Mixin
    PackageOutput output;

    @Mixin
    MaintainerOption maintainer;

    @Mixin
    LastGoodOption lastGood;

    @Mixin
    SignKeyOption signKey;

    MkdriverdiskCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (type == DiskType.UBUNTU && signKey.given()) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(context.tree()), SignKeyOption.NAME
                    + " signs RPMs; an ubuntu disk holds Debian packages, which apt trusts through signed "
                    + "repositories, not one by one", "drop " + SignKeyOption.NAME + ", or use --type redhat or suse"));
        }
        signKey.apply(context);
        if (type == DiskType.SUSE) {
            String product = dist == null ? DEFAULT_DIST : dist;
            return output.write(context, lastGood.apply(maintainer.options(context)), module, kernels,
                    (packaging, mv, selected, where, folder) -> List.of(packaging.suseDriverDisk(mv, selected, where,
                            product, media, new Xorriso(), folder)));
        }
        if (dist != null) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(context.tree()), "--dist names the "
                    + "product of a SUSE driver update; a " + type.name().toLowerCase(Locale.ROOT) + " disk has none",
                    "drop --dist, or use --type suse"));
        }
        return output.write(context, lastGood.apply(maintainer.options(context)), module, kernels,
                (packaging, mv, selected, where, folder) -> List.of(type == DiskType.UBUNTU
                        ? packaging.ubuntuDriverDisk(mv, selected, where, media, Xorriso.withPartitionTable(), folder)
                        : packaging.driverDisk(mv, selected, where, media, new Xorriso(), folder)));
    }
}
