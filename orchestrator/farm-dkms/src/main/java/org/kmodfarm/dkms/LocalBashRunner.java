package org.kmodfarm.dkms;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.kmodfarm.model.InfraException;

/**
 * Runs scripts with a local {@code bash}. Output goes through temporary files rather than pipes, so that a
 * background process the script leaves behind cannot hold the run open. Thread-safe.
 */
public final class LocalBashRunner implements ShellRunner {
    private final String bash;
    private final Duration timeout;

    /**
     * @param bash    the bash executable, a path or a name looked up on this JVM's PATH
     * @param timeout wall-clock limit per run; the process and its descendants are killed when it is reached
     */
    public LocalBashRunner(String bash, Duration timeout) {
        this.bash = Objects.requireNonNull(bash, "bash");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /** {@code bash} from the PATH, one minute per run. */
    public LocalBashRunner() {
        this("bash", Duration.ofMinutes(1));
    }

    @Override
    public ShellResult run(ShellInvocation invocation) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kmodfarm-bash-", ".out");
            err = Files.createTempFile("kmodfarm-bash-", ".err");
            Process process = start(invocation, out, err);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new InfraException("bash did not finish within " + timeout + " (" + invocation.argv0() + ")",
                        "look for a dkms.conf that waits for input or loops; raise the evaluation time limit");
            }
            return new ShellResult(process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfraException("cannot run " + bash + ": " + e.getMessage(), "install bash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while bash ran " + invocation.argv0(), "", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private Process start(ShellInvocation invocation, Path out, Path err) throws IOException {
        List<String> command = new ArrayList<>(List.of(bash, "-c", invocation.script(), invocation.argv0()));
        command.addAll(invocation.args());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File(invocation.workingDirectory()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(invocation.environment());
        return builder.start();
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover file in the temp directory is harmless; the run's outcome matters more.
        }
    }
}
