package org.kmodfarm.loadtest;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.kmodfarm.core.apt.IndexException;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.KernelTarget;

/**
 * Prepares each kernel's {@link KernelKit} once per run, whichever thread asks first; the others wait for it.
 * Thread-safe.
 */
public final class KernelKits implements KitSource {
    private final PackageLocator locator;
    private final KernelImages images;
    private final Map<String, CompletableFuture<KernelKit>> kits = new ConcurrentHashMap<>();

    public KernelKits(PackageLocator locator, KernelImages images) {
        this.locator = locator;
        this.images = images;
    }

    /** The kit of {@code target}'s kernel; never throws for a missing package or a failed download. */
    @Override
    public KernelKit get(KernelTarget target) {
        CompletableFuture<KernelKit> mine = new CompletableFuture<>();
        CompletableFuture<KernelKit> theirs = kits.putIfAbsent(target.kernel().value(), mine);
        if (theirs != null) {
            return theirs.join();
        }
        try {
            KernelKit kit = prepare(target);
            mine.complete(kit);
            return kit;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e); // the threads waiting for it fail alike instead of waiting forever
            throw e;
        }
    }

    private KernelKit prepare(KernelTarget target) {
        String kernel = target.kernel().value();
        try {
            Optional<PackageRef> image = locator.kernelImage(target);
            if (image.isEmpty()) {
                return KernelKit.unavailable("no linux-image-" + kernel + " (nor -unsigned) in "
                        + target.aptSources().stream().map(s -> s.suite()).toList(), false);
            }
            Optional<PackageRef> busybox = locator.busybox(target);
            if (busybox.isEmpty()) {
                return KernelKit.unavailable("no busybox-static in " + target.aptSources().stream()
                        .map(s -> s.suite()).toList(), false);
            }
            return new KernelKit(images.kernel(kernel, image.get()), images.busybox(busybox.get()), busybox.get(), "",
                    false);
        } catch (IndexException e) {
            return KernelKit.unavailable(e.getMessage(), true);
        } catch (InfraException e) {
            return KernelKit.unavailable(e.getMessage() + (e.fix().isEmpty() ? "" : "; " + e.fix()), true);
        }
    }
}
