package org.kmodfarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The README's main job: a farm build of the bundled example module for a small matrix, each kernel in its own
 * locked-down container, with the summary table and where everything landed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Builds the bundled example module (examples/hello) for every kernel of a small matrix "
                + "(kernel-matrix/demo.yaml) exactly as 'kmodfarm build' does: makes the builder images if needed, "
                + "then builds the module with DKMS's semantics in one container per kernel, with no network, as "
                + "a non-root user, on a read-only root filesystem.",
                "Modules land in TREE/kmodfarm-hello/0.1/KERNEL/ARCH/module/, records in TREE/.kmodfarm/."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> EXAMPLE_FILES = List.of("Makefile", "hello.c", "dkms.conf");
    private final Context context;

    @Option(names = "--matrix", paramLabel = "FILE", description = "Kernel matrix (default: kernel-matrix/demo.yaml).")
    Path matrix;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Kernels built side by side (default: jobs "
            + "from the configuration, auto: one per core).")
    Integer jobs;

    @Mixin
    FailOnOption failOn;

    @Mixin
    RuntimeOption runtime;

    @Option(names = "--rebuild", description = "Make the images again and build every cell again.")
    boolean rebuild;

    DemoCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.option(Setting.JOBS, jobs, "--jobs");
        runtime.apply(context);
        Path matrixFile = context.matrixFile(matrix, "demo.yaml");
        var targets = context.resolve(matrixFile, false);
        Path source = extractExample(context.tree().resolve(".kmodfarm/examples/hello"));
        return new FarmBuilder(context).run(FarmBuilder.sources(context, List.of(source.toString())), targets,
                new FarmBuilder.Request(context.config().jobs(), context.config().timeout(), rebuild, rebuild, true,
                        matrixFile.toString(), failOn, null)).exitCode();
    }

    /** The example as shipped in the jar, so the demo works from the jar alone. */
    private static Path extractExample(Path dir) throws IOException {
        for (String name : EXAMPLE_FILES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/hello/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the example module is missing from the jar: " + name);
                }
                byte[] content = in.readAllBytes();
                Path target = dir.resolve(name);
                if (!Files.isRegularFile(target) || !java.util.Arrays.equals(Files.readAllBytes(target), content)) {
                    AtomicFiles.write(target, content);
                }
            }
        }
        return dir;
    }
}
