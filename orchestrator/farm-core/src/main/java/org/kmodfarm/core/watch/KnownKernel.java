package org.kmodfarm.core.watch;

import java.util.Objects;
import org.kmodfarm.model.KernelTarget;

/**
 * A kernel a watched matrix has offered: when it was first and last seen in the repository, and since when it
 * is gone (null while the repository still has it). A gone kernel stays known, so that its cells stay in the
 * history, marked GONE.
 *
 * @param arch the kernel's name of the architecture ({@code x86_64}), as cell paths use it
 */
public record KnownKernel(String kernel, String arch, String distro, String release, String flavour,
                          String firstSeen, String lastSeen, String goneSince) {
    public KnownKernel {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    static KnownKernel of(KernelTarget t, String now) {
        return new KnownKernel(t.kernel().value(), t.arch().kernel(), t.distro(), t.release(), t.flavour(), now, now,
                null);
    }

    /** The key that identifies the kernel in a matrix: release and arch. */
    String key() {
        return kernel + " " + arch;
    }

    static String key(KernelTarget t) {
        return t.kernel().value() + " " + t.arch().kernel();
    }

    boolean gone() {
        return goneSince != null;
    }
}
