package org.kmodfarm.core.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;

/**
 * Compiles a module source with plain kbuild ({@code make -C KDIR M=… modules}) in a kernel's builder image,
 * in the sandbox, and brings back the {@code .ko} files with their {@code modinfo}. This is the demo's
 * and the image tests' proof that an image builds modules; DKMS build semantics (dkms.conf, patches,
 * scripts) are the farm's job, not this class's.
 */
public final class KbuildRun {
    /** The script run in the container: the source is copied from the volume to a writable tmpfs first. */
    private static final String SCRIPT = String.join("\n",
            "set -eu",
            "cp -r /build/src /tmp/src",
            "make -C \"/lib/modules/$KMODFARM_KERNEL/build\" M=/tmp/src -j\"$1\" modules",
            "for ko in $(find /tmp/src -name '*.ko'); do",
            "  cp \"$ko\" /build/out/",
            "  modinfo \"$ko\" > \"/build/out/$(basename \"$ko\").modinfo\"",
            "done");

    /** How a run ended, its output lines, and the {@code .ko} and {@code .modinfo} files it produced. */
    public record Result(SandboxExit exit, List<String> log, Map<String, byte[]> files, Duration elapsed) {
        public Result {
            log = List.copyOf(log);
            files = Map.copyOf(files);
        }

        public boolean built() {
            return exit instanceof SandboxExit.Exited e && e.status() == 0
                    && files.keySet().stream().anyMatch(n -> n.endsWith(".ko"));
        }
    }

    private final Sandbox sandbox;

    public KbuildRun(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    public Result run(BuilderImage image, Path source, int makeJobs, Duration timeout, Map<String, String> labels)
            throws InterruptedException {
        byte[] input = new TarWriter().tree(source, "src").toBytes();
        SandboxSpec spec = new SandboxSpec(image.tag(), input, List.of("sh", "-c", SCRIPT, "kbuild",
                String.valueOf(makeJobs)), 2L << 30, 512, Math.max(1, makeJobs), timeout, labels);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        SandboxResult r = sandbox.run(spec, log::add);
        try {
            return new Result(r.exit(), log, TarReader.files(r.outputTar()), r.elapsed());
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox returned an unreadable output archive", e);
        }
    }
}
