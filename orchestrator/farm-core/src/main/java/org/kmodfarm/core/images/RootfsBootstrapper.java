package org.kmodfarm.core.images;

import java.net.URI;
import java.nio.file.Path;
import org.kmodfarm.model.Arch;

/** Makes a distro release's minimal root filesystem as a tarball, from a package mirror, without a registry. */
public interface RootfsBootstrapper {
    /** What made the tarball (recorded on the image), e.g. {@code mmdebstrap}. */
    String tool();

    /**
     * Writes an uncompressed tar of the root filesystem to {@code tarball}.
     *
     * @throws org.kmodfarm.model.InfraException when the tool is missing or fails; its message holds
     *                                           the tool's last output lines
     */
    void bootstrap(String release, Arch arch, URI mirror, boolean checkValidUntil, Path tarball)
            throws InterruptedException;
}
