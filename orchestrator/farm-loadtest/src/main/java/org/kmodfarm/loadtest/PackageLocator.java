package org.kmodfarm.loadtest;

import java.net.URI;
import java.util.Optional;
import org.kmodfarm.core.apt.AptIndexCache;
import org.kmodfarm.core.apt.IndexException;
import org.kmodfarm.core.apt.PackageEntry;
import org.kmodfarm.core.apt.SuiteIndex;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.DebianVersion;
import org.kmodfarm.model.KernelTarget;

/**
 * Finds what a load test boots in the kernel target's own repositories (the suites its builder image lists):
 * the kernel image of the same release, and Debian's static busybox. Thread-safe as the cache is.
 */
public final class PackageLocator {
    private final AptIndexCache indexes;
    private final boolean refresh;

    public PackageLocator(AptIndexCache indexes, boolean refresh) {
        this.indexes = indexes;
        this.refresh = refresh;
    }

    /**
     * {@code linux-image-KERNEL} (the signed image), else {@code linux-image-KERNEL-unsigned}: the same kernel
     * binary, for the kernels (backports) whose signed package is named so only in some suites.
     */
    public Optional<PackageRef> kernelImage(KernelTarget target) throws IndexException {
        String name = "linux-image-" + target.kernel().value();
        Optional<PackageRef> signed = find(target, name);
        return signed.isPresent() ? signed : find(target, name + "-unsigned");
    }

    /** Debian's {@code busybox-static}: one binary, no libraries, the whole userland of the initramfs. */
    public Optional<PackageRef> busybox(KernelTarget target) throws IndexException {
        return find(target, "busybox-static");
    }

    private Optional<PackageRef> find(KernelTarget target, String name) throws IndexException {
        PackageRef best = null;
        for (AptSource source : target.aptSources()) {
            SuiteIndex index = indexes.load(source.mirror(), source.suite(), target.arch().debian(), refresh);
            Optional<PackageEntry> entry = index.find(name).filter(e -> !e.filename().isEmpty());
            if (entry.isPresent() && (best == null || newer(entry.get().version(), best.version()))) {
                best = new PackageRef(name, entry.get().version(), root(source.mirror()).resolve(entry.get().filename()),
                        entry.get().sha256(), entry.get().size());
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean newer(String a, String b) {
        return new DebianVersion(a).compareTo(new DebianVersion(b)) > 0;
    }

    private static URI root(URI mirror) {
        String m = mirror.toString();
        return URI.create(m.endsWith("/") ? m : m + "/");
    }
}
