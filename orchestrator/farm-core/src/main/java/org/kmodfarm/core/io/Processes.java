package org.kmodfarm.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs local programs: output streamed line by line, the last lines kept for error messages, a time limit. */
public final class Processes {
    private static final int TAIL = 20;

    private Processes() {
    }

    /** How a program ended, with its last output lines. */
    public record Outcome(int exitCode, boolean timedOut, List<String> tail) {
        public Outcome {
            tail = List.copyOf(tail);
        }

        public boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }

    /**
     * Runs {@code command} with stderr merged into stdout. On interruption or timeout the process tree
     * is destroyed; interruption is rethrown.
     */
    public static Outcome run(List<String> command, Duration timeout, Consumer<String> log)
            throws IOException, InterruptedException {
        return run(command, timeout, log, java.util.Map.of());
    }

    /** The same, with {@code env} added to (or replacing in) this process's environment. */
    public static Outcome run(List<String> command, Duration timeout, Consumer<String> log,
                              java.util.Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process p = builder.start();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL) {
                            tail.removeFirst();
                        }
                    }
                    log.accept(line);
                }
            } catch (IOException e) {
                // the process went away; its exit code tells the story
            }
        }, "output-" + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                destroy(p);
            }
            reader.join(2_000);
            synchronized (tail) {
                return new Outcome(finished ? p.exitValue() : -1, !finished, List.copyOf(tail));
            }
        } catch (InterruptedException e) {
            destroy(p);
            throw e;
        }
    }

    /** The first executable called {@code name} on the PATH. */
    public static Optional<Path> which(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
