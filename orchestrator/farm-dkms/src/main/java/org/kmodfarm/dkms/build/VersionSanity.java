package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.kmodfarm.dkms.Ver;

/**
 * DKMS 3.2.2's {@code check_version_sanity} for one destination module: refuses a kernel at or past
 * OBSOLETE_BY, and a module not newer than the kernel's own copy (by {@code modinfo}'s version and
 * srcversion), unless forced.
 */
final class VersionSanity {
    private final BuildIo io;
    private final BuildOutput out;
    private final InstallRequest r;

    VersionSanity(BuildIo io, BuildOutput out, InstallRequest r) {
        this.io = io;
        this.out = out;
        this.r = r;
    }

    /** @return whether DKMS installs this module */
    boolean check(String name) throws IOException {
        String kernel = r.target().kernel();
        String obsoleteBy = r.conf().obsoleteBy();
        if (!obsoleteBy.isEmpty() && !r.force() && obsolete(kernel, obsoleteBy)) {
            out.err("\nModule has been obsoleted due to being included in kernel " + obsoleteBy + ".\n"
                    + "We will avoid installing for future kernels above " + obsoleteBy + ".\n"
                    + "You may override by specifying --force.\n");
            return false;
        }
        List<Path> found = r.suffix().findAll(r.libTree(), name);
        if (found.isEmpty()) {
            return true;
        }
        // DKMS reads find's output with `read -ra`, i.e. only its first line: with several copies the first one
        // found decides, and its "multiple modules" warning never fires.
        Path kernels = found.get(0);
        Path dkms = r.suffix().find(r.baseDir().resolve("module"), name).orElse(r.baseDir().resolve("module"));
        List<String> theirs = ModInfo.verinfo(io, kernels, r.environment());
        List<String> ours = ModInfo.verinfo(io, dkms, r.environment());
        if (r.force()) {
            return true;
        }
        if (!theirs.get(0).equals(ours.get(0))) {
            if (Ver.key(theirs.get(0)).compareTo(Ver.key(ours.get(0))) > 0) {
                out.err("\nError! Module version " + ours.get(0) + " for " + name + r.suffix().full() + "\n"
                        + "is not newer than what is already found in kernel " + kernel + " (" + theirs.get(0) + ").\n"
                        + "You may override by specifying --force.\n");
                return false;
            }
            return true;
        }
        if (theirs.get(1).equals(ours.get(1))) {
            String version = ours.get(0);
            boolean unversioned = (ours.get(0) + ours.get(1)).isBlank();
            if (unversioned && !sameBytes(kernels, dkms)) {
                return true;
            }
            out.err("Module " + kernels + " already installed " + (version.isEmpty() ? "(unversioned module)"
                    : "at version " + version) + ", override by specifying --force\n");
            return false;
        }
        return true;
    }

    /**
     * OBSOLETE_BY's rule as 3.2.2 really evaluates it: its split into release and ABI is quoted, so it
     * compares the whole strings (dashes as blanks), and equal or later kernels are obsolete.
     */
    private static boolean obsolete(String kernel, String obsoleteBy) {
        return Ver.key(kernel.replace('-', ' ')).compareTo(Ver.key(obsoleteBy.replace('-', ' '))) >= 0;
    }

    private static boolean sameBytes(Path a, Path b) throws IOException {
        return java.nio.file.Files.mismatch(a, b) == -1;
    }
}
