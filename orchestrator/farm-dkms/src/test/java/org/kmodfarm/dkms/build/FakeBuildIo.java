package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link BuildIo} that records every command and answers from a script: the newest rule whose prefix starts
 * the command line wins, anything unscripted exits 0 silently. {@code cp -a} and the compressors also do to the
 * files what the real tools do, so that a build can go on; {@code strip} and everything else touch nothing.
 * Not thread-safe.
 */
final class FakeBuildIo implements BuildIo {
    /**
     * One command as the code under test started it.
     *
     * @param argv  the words, or for {@link #shell} the command string as the only element
     * @param shell whether it went through {@link #shell}
     */
    record Call(List<String> argv, Path cwd, Map<String, String> env, boolean shell) {
        String line() {
            return String.join(" ", argv);
        }
    }

    /** What a scripted command does to the files besides answering. */
    @FunctionalInterface
    interface Effect {
        void apply(List<String> argv, Path cwd) throws IOException;
    }

    private record Rule(String prefix, int exit, String output, Effect effect) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Deque<Rule> rules = new ArrayDeque<>();

    FakeBuildIo() {
        on("cp -a ", 0, "", FakeBuildIo::copyTree);
        on("gzip ", 0, "", compressTo(".gz"));
        on("xz ", 0, "", compressTo(".xz"));
        on("zstd ", 0, "", compressTo(".zst"));
    }

    /** Commands starting with {@code prefix} exit with {@code exit} after printing {@code output}. */
    FakeBuildIo on(String prefix, int exit, String output) {
        return on(prefix, exit, output, (argv, cwd) -> {
        });
    }

    /** As {@link #on(String, int, String)}, and {@code effect} runs first. */
    FakeBuildIo on(String prefix, int exit, String output, Effect effect) {
        rules.addFirst(new Rule(prefix, exit, output, effect));
        return this;
    }

    /** Every command so far, in order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every command line so far, in order. */
    List<String> lines() {
        return calls.stream().map(Call::line).toList();
    }

    /** The one recorded command starting with {@code prefix}. */
    Call only(String prefix) {
        List<Call> found = calls.stream().filter(c -> c.line().startsWith(prefix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one command starting with '" + prefix + "' in " + lines());
        }
        return found.get(0);
    }

    @Override
    public int shell(String command, Path cwd, Map<String, String> environment, Path log) throws IOException {
        calls.add(new Call(List.of(command), cwd, Map.copyOf(environment), true));
        Rule rule = rule(command);
        rule.effect().apply(List.of(command), cwd);
        Files.writeString(log, rule.output(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return rule.exit();
    }

    @Override
    public Result exec(List<String> argv, Path cwd, Map<String, String> environment) throws IOException {
        calls.add(new Call(List.copyOf(argv), cwd, Map.copyOf(environment), false));
        Rule rule = rule(String.join(" ", argv));
        rule.effect().apply(argv, cwd);
        return new Result(rule.exit(), rule.output());
    }

    private Rule rule(String line) {
        return rules.stream().filter(r -> line.startsWith(r.prefix())).findFirst()
                .orElse(new Rule("", 0, "", (argv, cwd) -> {
                }));
    }

    /** {@code cp -a [--reflink=auto] from/ to} into a missing {@code to}: a copy of {@code from}. */
    private static void copyTree(List<String> argv, Path cwd) throws IOException {
        Path from = Path.of(argv.get(argv.size() - 2));
        Path to = Path.of(argv.get(argv.size() - 1));
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** gzip, xz and zstd --rm: {@code file} becomes {@code file<ext>}. */
    private static Effect compressTo(String ext) {
        return (argv, cwd) -> {
            Path file = Path.of(argv.get(argv.size() - 1));
            Files.move(file, file.resolveSibling(file.getFileName() + ext));
        };
    }
}
