package org.kmodfarm.core.images;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.spi.ImageInfo;
import org.kmodfarm.model.spi.ImageStore;

/**
 * Makes sure every kernel target has its builder image, in three layers: the release's root filesystem
 * (pulled, or bootstrapped from the mirror), the release's base (tools and the build user), and the
 * kernel's headers with its compiler. Tags are derived from the recipes and inputs, so an existing image
 * is found and reused without any network; {@code rebuild} makes them all again. Not thread-safe.
 */
public final class BuilderImages {
    private final ImageStore store;
    private final RootfsBootstrapper bootstrapper;
    private final ImageSettings settings;
    private final ImageRecipes recipes = new ImageRecipes("debian");
    private final Consumer<String> progress;
    private final Consumer<String> buildLog;

    /**
     * @param progress one line per image decision (reused, pulling, bootstrapping, building)
     * @param buildLog every line of image build output
     */
    public BuilderImages(ImageStore store, RootfsBootstrapper bootstrapper, ImageSettings settings,
                         Consumer<String> progress, Consumer<String> buildLog) {
        this.store = store;
        this.bootstrapper = bootstrapper;
        this.settings = settings;
        this.progress = progress;
        this.buildLog = buildLog;
    }

    /**
     * Makes or finds every target's builder image, in the targets' order: the root filesystems and bases first,
     * one per release, then the kernels' images, {@code parallel} at a time (each is mostly a package download
     * and unpack, so several side by side finish sooner).
     *
     * @throws InterruptedException when interrupted; image builds under way are left to the engine
     */
    public List<BuilderImage> ensure(List<KernelTarget> targets, boolean rebuild, int parallel)
            throws InterruptedException {
        Map<String, String> bases = new HashMap<>();
        for (KernelTarget t : targets) {
            String baseKey = t.distro() + "-" + t.release() + "-" + t.arch().debian();
            if (!bases.containsKey(baseKey)) {
                bases.put(baseKey, ensureBase(t, rebuild));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, targets.size())));
        try {
            List<Future<BuilderImage>> images = new ArrayList<>();
            for (KernelTarget t : targets) {
                String baseTag = bases.get(t.distro() + "-" + t.release() + "-" + t.arch().debian());
                images.add(pool.submit(() -> ensureKernel(t, baseTag, rebuild)));
            }
            List<BuilderImage> out = new ArrayList<>();
            for (Future<BuilderImage> f : images) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("a builder image build failed", e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The tag of a target's builder image; '+' is not allowed in tags. */
    private static String builderTag(KernelTarget t, Map<String, String> inputs) {
        return "kmodfarm/builder:" + t.kernel().value().replace('+', '_').replace('~', '_') + "-"
                + ImageRecipes.digest(inputs);
    }

    /** Every tag the targets' images have (root filesystems, bases, builders), without touching the engine. */
    public Set<String> tags(List<KernelTarget> targets) {
        Set<String> tags = new TreeSet<>();
        for (KernelTarget t : targets) {
            tags.add(rootfsTag(t));
            tags.add(baseTag(t));
            tags.add(builderTag(t, kernelInputs(t, baseTag(t))));
        }
        return tags;
    }

    /**
     * The builder images the records name for every target, without touching the engine; empty when one is not
     * recorded. The engine may have lost an image since it was recorded: use them only for cells the cache
     * serves, which need no container.
     */
    public Optional<List<BuilderImage>> recorded(List<KernelTarget> targets, Map<String, ImageRecords.Entry> records) {
        List<BuilderImage> out = new ArrayList<>();
        for (KernelTarget t : targets) {
            String tag = builderTag(t, kernelInputs(t, baseTag(t)));
            ImageRecords.Entry entry = records.get(tag);
            if (entry == null) {
                return Optional.empty();
            }
            out.add(new BuilderImage(t, tag, entry.id(), false));
        }
        return Optional.of(out);
    }

    private static String rootfsTag(KernelTarget t) {
        return "kmodfarm/rootfs:" + t.distro() + "-" + t.release() + "-" + t.arch().debian();
    }

    private String baseTag(KernelTarget t) {
        return "kmodfarm/base:" + t.distro() + "-" + t.release() + "-" + t.arch().debian() + "-"
                + ImageRecipes.digest(Map.of("recipe", new String(recipes.file("base.Dockerfile")),
                "rootfs", rootfsTag(t), "apt", aptConf()));
    }

    private String ensureBase(KernelTarget t, boolean rebuild) throws InterruptedException {
        String rootfs = ensureRootfs(t, rebuild);
        AptSource releaseSource = new AptSource(t.aptSources().get(0).mirror(), t.release());
        Map<String, String> generated = aptFiles(List.of(releaseSource));
        String tag = baseTag(t);
        Optional<ImageInfo> existing = rebuild ? Optional.empty() : store.find(tag);
        if (existing.isPresent()) {
            progress.accept("base " + tag + ": reused");
            return tag;
        }
        progress.accept("base " + tag + ": building");
        Map<String, String> labels = releaseLabels(t, "base");
        store.build(tag, recipes.context("base.Dockerfile", List.of(), generated),
                Map.of("ROOTFS", rootfs, "RELEASE", t.release()), labels, buildLog);
        return tag;
    }

    private String ensureRootfs(KernelTarget t, boolean rebuild) throws InterruptedException {
        String tag = rootfsTag(t);
        if (!rebuild && store.find(tag).isPresent()) {
            return tag;
        }
        Map<String, String> labels = releaseLabels(t, "rootfs");
        if (settings.baseSource() != BaseSource.BOOTSTRAP) {
            progress.accept("rootfs " + tag + ": pulling " + t.distro() + ":" + t.release());
            if (store.tryPull(t.distro() + ":" + t.release(), tag, settings.pullTimeout()).isPresent()) {
                return tag;
            }
            if (settings.baseSource() == BaseSource.PULL) {
                throw new InfraException("no registry answered for " + t.distro() + ":" + t.release(),
                        "set images.base-source: bootstrap (or auto) to make it from the package mirror");
            }
        }
        URI mirror = t.aptSources().get(0).mirror();
        progress.accept("rootfs " + tag + ": bootstrapping " + t.release() + " from " + mirror
                + " with " + bootstrapper.tool());
        Path tarball = tempFile();
        try {
            bootstrapper.bootstrap(t.release(), t.arch(), mirror, settings.checkValidUntil(), tarball);
            labels.put(ImageLabels.SOURCE, bootstrapper.tool());
            try (InputStream in = Files.newInputStream(tarball)) {
                store.importRootfs(tag, in, labels);
            }
        } catch (IOException e) {
            throw new InfraException("cannot import the root filesystem of " + t.release() + ": " + e.getMessage(),
                    "check free disk space", e);
        } finally {
            deleteQuietly(tarball);
        }
        return tag;
    }

    /** What a builder image is made of; the mirror is left out, as any mirror serves the same packages. */
    private Map<String, String> kernelInputs(KernelTarget t, String baseTag) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("recipe", new String(recipes.file("kernel.Dockerfile")));
        inputs.put("check", new String(recipes.file("check-builder")));
        inputs.put("base", baseTag);
        inputs.put("suites", t.aptSources().stream().map(AptSource::suite).collect(Collectors.joining(" ")));
        inputs.put("headers", t.headersPackage() + "=" + t.headersVersion());
        inputs.put("apt", aptConf());
        return inputs;
    }

    private BuilderImage ensureKernel(KernelTarget t, String baseTag, boolean rebuild) {
        Map<String, String> generated = aptFiles(t.aptSources());
        Map<String, String> inputs = kernelInputs(t, baseTag);
        String tag = builderTag(t, inputs);
        Optional<ImageInfo> existing = rebuild ? Optional.empty() : store.find(tag);
        if (existing.isPresent()) {
            progress.accept("builder " + tag + ": reused");
            return new BuilderImage(t, tag, existing.get().id(), false);
        }
        progress.accept("builder " + tag + ": building (" + t.headersPackage() + " " + t.headersVersion()
                + " from " + t.suite() + ", " + t.compiler() + ")");
        Map<String, String> labels = releaseLabels(t, "builder");
        labels.put(ImageLabels.KERNEL, t.kernel().value());
        labels.put(ImageLabels.HEADERS, t.headersPackage() + "=" + t.headersVersion());
        labels.put(ImageLabels.COMPILER, t.compiler());
        labels.put(ImageLabels.RECIPE, ImageRecipes.digest(inputs));
        ImageInfo built = store.build(tag, recipes.context("kernel.Dockerfile", List.of("check-builder"), generated),
                Map.of("BASE", baseTag, "KERNEL", t.kernel().value(), "HEADERS_PACKAGE", t.headersPackage(),
                        "HEADERS_VERSION", t.headersVersion().value(), "SUITE", t.suite()),
                labels, buildLog);
        return new BuilderImage(t, tag, built.id(), true);
    }

    private Map<String, String> aptFiles(List<AptSource> sources) {
        String list = sources.stream().map(AptSource::debLine).collect(Collectors.joining("\n", "", "\n"));
        return Map.of("apt/sources.list", list, "apt/apt.conf.d/99kmodfarm", aptConf());
    }

    private String aptConf() {
        return "Acquire::Retries \"3\";\n"
                + (settings.checkValidUntil() ? "" : "Acquire::Check-Valid-Until \"false\";\n");
    }

    private static Map<String, String> releaseLabels(KernelTarget t, String kind) {
        Map<String, String> labels = new HashMap<>();
        labels.put(ImageLabels.KIND, kind);
        labels.put(ImageLabels.DISTRO, t.distro());
        labels.put(ImageLabels.RELEASE, t.release());
        labels.put(ImageLabels.ARCH, t.arch().debian());
        return labels;
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("kmodfarm-rootfs-", ".tar");
        } catch (IOException e) {
            throw new InfraException("cannot create a temporary file: " + e.getMessage(), "check free disk space", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file is harmless
        }
    }
}
