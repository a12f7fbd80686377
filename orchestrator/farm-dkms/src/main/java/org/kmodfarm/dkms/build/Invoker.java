package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * DKMS 3.2.2's {@code invoke_command} in its non-verbose background mode: prints {@code description...}, runs
 * the command, then prints {@code  done.} or {@code (bad exit status: N)} and the failed command. With a log,
 * the command's output goes there between DKMS's header and footer lines. Not thread-safe.
 */
public final class Invoker {
    static final String RULE = "----------------------------------------------------------------";

    private final BuildIo io;
    private final BuildOutput output;
    private final Clock clock;

    public Invoker(BuildIo io, BuildOutput output, Clock clock) {
        this.io = Objects.requireNonNull(io, "io");
        this.output = Objects.requireNonNull(output, "output");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code command} with bash in {@code cwd}, appending to {@code log} as DKMS does.
     *
     * @return the command's exit status
     */
    public int logged(String command, String description, Path log, Path cwd, Map<String, String> env)
            throws IOException {
        output.out(description + "...");
        append(log, "\n" + description + "\n# command: " + command + "\n");
        long start = clock.millis() / 1000;
        int exit = io.shell(command, cwd, env, log);
        long seconds = clock.millis() / 1000 - start;
        append(log, "\n# exit code: " + exit + "\n# elapsed time: " + elapsed(seconds) + "\n" + RULE + "\n");
        report(command, exit);
        return exit;
    }

    /** Prints {@code description...}, the start of a command whose output DKMS discards. */
    public void announce(String description) {
        output.out(description + "...");
    }

    /** Prints how a command ended, as {@code invoke_command} does after it. */
    public void report(String command, int exit) {
        if (exit > 0) {
            output.out("(bad exit status: " + exit + ")\nFailed command:\n" + command + "\n");
        } else {
            output.out(" done.\n");
        }
    }

    /** {@code date -u -d "0 N sec" +%T}: hours wrap at a day, as date's does. */
    static String elapsed(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return String.format("%02d:%02d:%02d", d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
    }

    static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
