package org.kmodfarm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.images.BuilderImages;
import org.kmodfarm.core.images.ImageLabels;
import org.kmodfarm.core.images.ImageRecords;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.spi.ImageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Builder images: build them for a matrix, list them, prune them. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Build, list and prune builder images.",
        subcommands = {ImagesCommand.Build.class, ImagesCommand.ListImages.class, ImagesCommand.Prune.class})
final class ImagesCommand {

    /**
     * The images the tree's records name for the targets, found without the engine (see
     * {@link BuilderImages#recorded}); empty when one is not recorded.
     */
    static Optional<List<BuilderImage>> recorded(Context context, List<KernelTarget> targets) throws IOException {
        BuilderImages naming = new BuilderImages(null, null, context.config().images(), line -> { }, line -> { });
        return naming.recorded(targets, new ImageRecords(context.tree()).read());
    }

    /** Builds what the targets need, logging image builds to the tree; shared with {@code demo}. */
    static List<BuilderImage> ensure(Context context, List<KernelTarget> targets, boolean rebuild)
            throws InterruptedException, IOException {
        Path log = context.tree().resolve(".kmodfarm/logs/images.log");
        Files.createDirectories(log.getParent());
        try (PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            PrintWriter out = context.out();
            BuilderImages images = new BuilderImages(context.services().imageStore(), context.services().bootstrapper(),
                    context.config().images(), line -> {
                        out.println(line);
                        out.flush();
                        logFile.println("# " + line);
                    }, logFile::println);
            List<BuilderImage> result;
            try {
                result = images.ensure(targets, rebuild, context.config().jobs());
            } catch (InfraException e) {
                logFile.flush();
                throw new InfraException(e.getMessage() + "\n(full image build log: " + log + ")", e.fix(), e);
            }
            new ImageRecords(context.tree()).record(result);
            return result;
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Makes one builder image per kernel of the matrix: the release's root filesystem (pulled "
                    + "where a registry answers, else bootstrapped from the mirror), the release's base, and the "
                    + "kernel's headers with its compiler.",
                    "Existing images are reused; --rebuild makes them again. Image ids are recorded in "
                            + "TREE/.kmodfarm/images.json, build output in TREE/.kmodfarm/logs/images.log."})
    static final class Build implements Callable<Integer> {
        private final Context context;

        @Mixin
        KernelSelection selection;

        @Option(names = "--rebuild", description = "Build every image again, even when it exists.")
        boolean rebuild;

        Build(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            Instant start = Instant.now();
            List<BuilderImage> images = ensure(context, selection.targets(context), rebuild);
            Table table = new Table("KERNEL", "IMAGE", "ID", "");
            for (BuilderImage i : images) {
                table.row(i.target().kernel().value(), i.tag(), shortId(i.id()), i.built() ? "built" : "reused");
            }
            table.print(context.out());
            long built = images.stream().filter(BuilderImage::built).count();
            context.out().println(images.size() + " builder images (" + built + " built, " + (images.size() - built)
                    + " reused) in " + Duration.between(start, Instant.now()).toSeconds() + " s");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists kmodfarm's images (and only those).")
    static final class ListImages implements Callable<Integer> {
        private final Context context;

        @Option(names = "--json", description = "Print the images as JSON.")
        boolean json;

        ListImages(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<ImageInfo> images = sorted(context.services().imageStore().listLabelled(ImageLabels.KIND));
            if (json) {
                Json.print(context.out(), images);
                return ExitCodes.OK;
            }
            Table table = new Table("KIND", "TAG", "ID", "SIZE", "KERNEL");
            for (ImageInfo i : images) {
                table.row(i.labels().get(ImageLabels.KIND), i.tags().isEmpty() ? "<none>" : String.join(",", i.tags()),
                        shortId(i.id()), (i.size() >> 20) + " MB", i.labels().getOrDefault(ImageLabels.KERNEL, ""));
            }
            table.print(context.out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Removes kmodfarm's images that the matrix no longer needs (with --everything: all of them).")
    static final class Prune implements Callable<Integer> {
        private final Context context;

        @Option(names = "--matrix", paramLabel = "FILE", description = "Matrix whose images are kept "
                + "(default: kernel-matrix/debian.yaml).")
        Path matrix;

        @Option(names = "--everything", description = "Remove every kmodfarm image, needed or not.")
        boolean everything;

        @Option(names = "--dry-run", description = "Only print what would be removed.")
        boolean dryRun;

        Prune(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Set<String> keep = everything ? Set.of() : new BuilderImages(context.services().imageStore(),
                    context.services().bootstrapper(), context.config().images(), l -> { }, l -> { })
                    .tags(context.resolve(context.matrixFile(matrix), false));
            int removed = 0;
            // builders before bases before root filesystems: a parent cannot go while a child holds it
            for (ImageInfo i : sorted(context.services().imageStore().listLabelled(ImageLabels.KIND))) {
                if (i.tags().stream().anyMatch(keep::contains)) {
                    continue;
                }
                context.out().println((dryRun ? "would remove " : "removing ") + String.join(",", i.tags())
                        + " " + shortId(i.id()));
                if (!dryRun) {
                    context.services().imageStore().remove(i.id());
                }
                removed++;
            }
            context.out().println((dryRun ? "would remove " : "removed ") + removed + " images; kept " + keep.size());
            return ExitCodes.OK;
        }
    }

    private static List<ImageInfo> sorted(List<ImageInfo> images) {
        Comparator<ImageInfo> byKind = Comparator.comparingInt(i -> List.of("builder", "base", "rootfs")
                .indexOf(i.labels().get(ImageLabels.KIND)));
        return images.stream().sorted(byKind.thenComparing(i -> String.join(",", i.tags()))).toList();
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
