package org.kmodfarm.dkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;

/**
 * Runs scripts inside a builder image through the {@link Sandbox}: how the farm evaluates an untrusted
 * dkms.conf. The module source is copied to {@value #SOURCE} first, so a conf that runs commands runs them
 * there, with no network, as a non-root user, on a read-only root filesystem; nothing reaches the host.
 * Invocations name container paths ({@code /build/src/dkms.conf}, {@code /lib/modules/KERNEL/build}).
 * Thread-safe when the sandbox is.
 */
public final class SandboxShellRunner implements ShellRunner {
    /** Where the module source is inside the container. */
    public static final String SOURCE = "/build/src";
    /** The wrapper's own failure, distinct from any status the script can return through bash. */
    private static final int WRAPPER_FAILED = 197;
    private static final long MEMORY = 512L << 20;
    private static final long PIDS = 256;

    private final Sandbox sandbox;
    private final String image;
    private final Path source;
    private final Duration timeout;
    private final Map<String, String> labels;

    /**
     * @param image  the builder image to run in (it has bash and the kernel's headers)
     * @param source the module source folder on this machine
     * @param labels labels for the container, e.g. the module and kernel
     */
    public SandboxShellRunner(Sandbox sandbox, String image, Path source, Duration timeout,
            Map<String, String> labels) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.image = Objects.requireNonNull(image, "image");
        this.source = Objects.requireNonNull(source, "source");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.labels = Map.copyOf(labels);
    }

    @Override
    public ShellResult run(ShellInvocation invocation) {
        byte[] input = new TarWriter().tree(source, "src")
                .file("kmodfarm/script.bash", invocation.script(), 0644)
                .file("kmodfarm/run.sh", wrapper(invocation), 0755)
                .toBytes();
        SandboxSpec spec = new SandboxSpec(image, input, List.of("/bin/sh", "/build/kmodfarm/run.sh"), MEMORY, PIDS,
                1, timeout, labels);
        SandboxResult result;
        try {
            result = sandbox.run(spec, line -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while evaluating " + invocation.argv0() + " in " + image, "", e);
        }
        if (!(result.exit() instanceof SandboxExit.Exited)) {
            throw new InfraException("evaluating " + invocation.argv0() + " in " + image + " ended with " + result.exit(),
                    "look for a dkms.conf that loops or allocates without end");
        }
        try {
            Map<String, byte[]> out = TarReader.files(result.outputTar());
            byte[] status = out.get("status");
            int code = status == null ? WRAPPER_FAILED
                    : Integer.parseInt(new String(status, StandardCharsets.UTF_8).strip());
            if (code == WRAPPER_FAILED) {
                throw new InfraException("the evaluation wrapper failed in " + image + ": "
                        + new String(out.getOrDefault("stderr", new byte[0]), StandardCharsets.UTF_8),
                        "check that the image follows the image contract (images/README.md)");
            }
            return new ShellResult(code, out.getOrDefault("stdout", new byte[0]),
                    new String(out.getOrDefault("stderr", new byte[0]), StandardCharsets.UTF_8));
        } catch (IOException | NumberFormatException e) {
            throw new InfraException("unreadable evaluation output from " + image + ": " + e.getMessage(), "", e);
        }
    }

    /** A POSIX sh script: cwd, exactly the invocation's environment, bash with its arguments, outputs to files. */
    static String wrapper(ShellInvocation invocation) {
        StringBuilder sh = new StringBuilder("cd ").append(quote(invocation.workingDirectory()))
                .append(" 2>/build/out/stderr || { echo ").append(WRAPPER_FAILED).append(" >/build/out/status; exit 0; }\n")
                .append("env -i");
        new TreeMap<>(invocation.environment()).forEach((k, v) -> sh.append(' ').append(quote(k + "=" + v)));
        sh.append(" /bin/bash -c \"$(cat /build/kmodfarm/script.bash)\" ").append(quote(invocation.argv0()));
        invocation.args().forEach(a -> sh.append(' ').append(quote(a)));
        sh.append(" </dev/null >/build/out/stdout 2>/build/out/stderr\n")
                .append("echo $? >/build/out/status\n");
        return sh.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
