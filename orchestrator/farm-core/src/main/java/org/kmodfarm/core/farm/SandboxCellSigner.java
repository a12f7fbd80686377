package org.kmodfarm.core.farm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;

/**
 * Signs in a container of its own, from the cell's builder image (its kernel's {@code sign-file} and config),
 * locked down like a cell (no network, non-root, read-only root), with the key and certificate mounted
 * read-only there and nowhere else: never copied into an input, a volume, an image layer, a result or a log.
 * The cell runner's {@code SignMain} does the signing. Needs an engine on this machine (the files are mounted
 * from it).
 */
public final class SandboxCellSigner implements CellSigner {
    private static final String MOUNT = "/run/kmodfarm-signing/";
    private static final String MAIN = "org.kmodfarm.cli.dkms.SignMain";

    private final Sandbox sandbox;
    private final SigningFiles files;
    private final CellRuntime runtime;

    public SandboxCellSigner(Sandbox sandbox, SigningFiles files, CellRuntime runtime) {
        this.sandbox = sandbox;
        this.files = files;
        this.runtime = runtime;
    }

    @Override
    public Signed sign(CellWork work, Map<String, byte[]> modules, Consumer<String> log) throws InterruptedException {
        TarWriter in = new TarWriter().file(CellRuntime.JAR_NAME, runtime.jar(), 0644);
        modules.forEach((name, bytes) -> in.file("in/" + name, bytes, 0644));
        List<String> command = new ArrayList<>(CellCommand.java(MAIN));
        command.addAll(List.of(work.kernel(), "/build/in", "/build/out", MOUNT + "signing.key",
                MOUNT + "signing.crt"));
        Map<String, String> labels = new HashMap<>(work.labels());
        labels.put("kmodfarm.step", "sign");
        SandboxSpec spec = new SandboxSpec(work.image(), in.toBytes(), command, work.limits().memoryBytes(),
                work.limits().pids(), 1, work.timeout(), labels, Map.of(), Map.of(), Map.of(
                        files.key().toString(), MOUNT + "signing.key", files.cert().toString(), MOUNT + "signing.crt"));
        SandboxResult result = sandbox.run(spec, log);
        if (!(result.exit() instanceof SandboxExit.Exited exited) || exited.status() != 0) {
            return new Signed(Map.of(), "the signing step ended with " + result.exit());
        }
        try {
            return new Signed(TarReader.files(result.outputTar()), "");
        } catch (IOException e) {
            throw new InfraException("the signing step's output archive is unreadable: " + e.getMessage(),
                    "run the build again", e);
        }
    }
}
