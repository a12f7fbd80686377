package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link BuildIo} on this machine with {@link ProcessBuilder}. Stateless, so thread-safe. */
public final class LocalBuildIo implements BuildIo {
    @Override
    public int shell(String command, Path cwd, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = builder(List.of("bash", "-c", command), cwd, environment)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return waitFor(builder.start());
    }

    @Override
    public Result exec(List<String> argv, Path cwd, Map<String, String> environment) throws IOException {
        Process process = builder(argv, cwd, environment).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(waitFor(process), output);
    }

    private static ProcessBuilder builder(List<String> argv, Path cwd, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            // Keep the interrupt for the caller and do not leave the child running on its own.
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("interrupted while waiting for " + process.info().command().orElse("a child"), e);
        }
    }
}
