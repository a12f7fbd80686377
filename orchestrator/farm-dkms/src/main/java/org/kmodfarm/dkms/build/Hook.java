package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * DKMS 3.2.2's {@code run_build_script} without a log file (POST_ADD, PRE_INSTALL, POST_INSTALL, POST_REMOVE):
 * the script path relative to a tree directory, run there with its words split like bash's {@code exec $run}.
 */
public final class Hook {
    private Hook() {
    }

    /** @return the script's exit status; 0 when there is none or it is not executable (DKMS then warns) */
    public static int run(String type, String script, Path dir, BuildIo io, BuildOutput out, Map<String, String> env)
            throws IOException {
        if (script.isEmpty()) {
            return 0;
        }
        String run = dir + "/" + script;
        int space = run.indexOf(' ');
        if (!Files.isExecutable(Path.of(space < 0 ? run : run.substring(0, space)))) {
            out.line("");
            out.warn("The " + type + " script is not executable.");
            return 0;
        }
        out.line("Running the " + type + " script:");
        List<String> words = Arrays.stream(run.split("[ \t\n]+")).filter(w -> !w.isEmpty()).toList();
        BuildIo.Result result = io.exec(words, dir, env);
        out.out(result.output());
        return result.exitCode();
    }
}
