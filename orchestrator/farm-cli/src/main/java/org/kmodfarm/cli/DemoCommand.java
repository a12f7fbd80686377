package org.kmodfarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.kmodfarm.core.build.KbuildRun;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.spi.SandboxExit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: builds the bundled example module for a small matrix, each kernel in its own
 * locked-down container, and shows the vermagic of every module built.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Builds the bundled example module (examples/hello) for every kernel of a small matrix "
                + "(kernel-matrix/demo.yaml): makes the builder images if needed, then compiles the module in "
                + "one container per kernel, with no network, as a non-root user, on a read-only root filesystem.",
                "Modules land in TREE/kmodfarm-hello/0.1/KERNEL/ARCH/module/, logs in …/log/make.log."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> EXAMPLE_FILES = List.of("Makefile", "hello.c", "dkms.conf");
    private final Context context;

    @Option(names = "--matrix", paramLabel = "FILE", description = "Kernel matrix (default: kernel-matrix/demo.yaml).")
    Path matrix;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Kernels built side by side (default: jobs "
            + "from the configuration, 2).")
    Integer jobs;

    @Option(names = "--rebuild", description = "Build the images again, even when they exist.")
    boolean rebuild;

    DemoCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.option(Setting.JOBS, jobs, "--jobs");
        List<BuilderImage> images = ImagesCommand.ensure(context,
                context.resolve(context.matrixFile(matrix, "demo.yaml"), false), rebuild);
        Path source = Files.createTempDirectory("kmodfarm-hello-");
        try {
            extractExample(source);
            return buildAll(images, source);
        } finally {
            for (String f : EXAMPLE_FILES) {
                Files.deleteIfExists(source.resolve(f));
            }
            Files.deleteIfExists(source);
        }
    }

    private int buildAll(List<BuilderImage> images, Path source) throws Exception {
        int parallel = context.config().jobs();
        int makeJobs = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        KbuildRun kbuild = new KbuildRun(context.services().sandbox());
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> new Thread(r, "demo-" + threadNo.incrementAndGet()));
        List<Future<KbuildRun.Result>> futures = new ArrayList<>();
        try {
            for (BuilderImage image : images) {
                futures.add(pool.submit(() -> kbuild.run(image, source, makeJobs, context.config().timeout(),
                        Map.of("kmodfarm.module", "kmodfarm-hello/0.1", "kmodfarm.kernel", image.target().kernel().value()))));
            }
            Table table = new Table("KERNEL", "RESULT", "VERMAGIC", "SECONDS");
            int failed = 0;
            for (int i = 0; i < images.size(); i++) {
                BuilderImage image = images.get(i);
                KbuildRun.Result r = get(futures.get(i));
                String vermagic = vermagic(r);
                boolean ok = r.built() && vermagic.startsWith(image.target().kernel().value() + " ");
                failed += ok ? 0 : 1;
                store(image, r, ok);
                table.row(image.target().kernel().value(), ok ? "built" : describe(r.exit()),
                        vermagic.isEmpty() ? "-" : vermagic, String.format("%.1f", r.elapsed().toMillis() / 1000.0));
                if (!ok) {
                    r.log().stream().skip(Math.max(0, r.log().size() - 15)).forEach(l -> context.err().println("  | " + l));
                }
            }
            table.print(context.out());
            context.out().println("modules and logs under " + context.tree().resolve("kmodfarm-hello/0.1"));
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            pool.shutdownNow();
        }
    }

    private static KbuildRun.Result get(Future<KbuildRun.Result> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** DKMS's layout: the module and its log of BUILT cells only. */
    private void store(BuilderImage image, KbuildRun.Result r, boolean ok) throws IOException {
        if (!ok) {
            return;
        }
        Path cell = context.tree().resolve("kmodfarm-hello/0.1").resolve(image.target().kernel().value())
                .resolve(image.target().arch().kernel());
        for (var f : r.files().entrySet()) {
            if (f.getKey().endsWith(".ko")) {
                AtomicFiles.write(cell.resolve("module").resolve(Path.of(f.getKey()).getFileName()), f.getValue());
            }
        }
        AtomicFiles.write(cell.resolve("log/make.log"), (String.join("\n", r.log()) + "\n").getBytes());
    }

    private static String vermagic(KbuildRun.Result r) {
        return r.files().entrySet().stream().filter(e -> e.getKey().endsWith(".modinfo"))
                .flatMap(e -> new String(e.getValue()).lines())
                .filter(l -> l.startsWith("vermagic:")).map(l -> l.substring("vermagic:".length()).strip())
                .findFirst().orElse("");
    }

    private static String describe(SandboxExit exit) {
        if (exit instanceof SandboxExit.Exited e) {
            return e.status() == 0 ? "no module" : "failed (exit " + e.status() + ")";
        }
        return exit instanceof SandboxExit.TimedOut ? "timed out" : "out of memory";
    }

    private static void extractExample(Path dir) throws IOException {
        for (String name : EXAMPLE_FILES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/hello/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the example module is missing from the jar: " + name);
                }
                Files.copy(in, dir.resolve(name));
            }
        }
    }
}
