package org.kmodfarm.dkms;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a bash script: {@code bash -c SCRIPT ARGV0 ARGS...} with exactly {@code environment} as its
 * environment (nothing inherited), {@code workingDirectory} as its cwd and no standard input.
 *
 * @param script           the script text
 * @param argv0            what the script sees as {@code $0}
 * @param args             the positional parameters
 * @param environment      the whole environment of the shell
 * @param workingDirectory the cwd, a path on the machine (or in the container) where bash runs
 */
public record ShellInvocation(String script, String argv0, List<String> args, Map<String, String> environment,
        String workingDirectory) {
    public ShellInvocation {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(argv0, "argv0");
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }
}
