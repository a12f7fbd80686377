package org.kmodfarm.core.matrix;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.SourceLocation;

/**
 * One group of a matrix file: a distro release, the suites to look for kernels in, architectures,
 * flavours, and which kernels to take.
 *
 * @param mirror         the archive root for ordinary suites, if the file names one
 * @param securityMirror the archive root for {@code *-security} suites, if the file names one
 */
public record TargetGroup(SourceLocation where, String name, String distro, String release,
                          List<Located<String>> suites, Optional<Located<URI>> mirror,
                          Optional<Located<URI>> securityMirror, List<Located<Arch>> archs,
                          List<Located<String>> flavours, KernelSelector kernels) {
    public TargetGroup {
        suites = List.copyOf(suites);
        archs = List.copyOf(archs);
        flavours = List.copyOf(flavours);
    }
}
