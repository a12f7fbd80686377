package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * DKMS's {@code run_build_script} without a log file (POST_ADD, POST_REMOVE): the script line relative to a
 * tree directory, run there with its words split like bash's unquoted {@code exec $run}.
 */
final class HookScript {
    private final Console console;
    private final Host host;

    HookScript(Console console, Host host) {
        this.console = console;
        this.host = host;
    }

    /**
     * @param type   DKMS's name for the hook, e.g. {@code post_add}
     * @param script the directive's value; empty means no hook
     * @param dir    the directory the script path is relative to, and its cwd
     * @return the script's exit status, or 0 when there is none or it is not executable (DKMS then warns)
     */
    int run(String type, String script, Path dir) throws IOException {
        if (script.isEmpty()) {
            return 0;
        }
        String run = dir + "/" + script;
        int space = run.indexOf(' ');
        if (!Files.isExecutable(Path.of(space < 0 ? run : run.substring(0, space)))) {
            console.out("");
            console.warn("The " + type + " script is not executable.");
            return 0;
        }
        console.out("Running the " + type + " script:");
        List<String> words = Arrays.stream(run.split("[ \t\n]+")).filter(w -> !w.isEmpty()).toList();
        ProcessBuilder builder = new ProcessBuilder(words).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(host.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        try (InputStream out = process.getInputStream()) {
            out.transferTo(console.stdout());
            console.stdout().flush();
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return 130;
        }
    }
}
