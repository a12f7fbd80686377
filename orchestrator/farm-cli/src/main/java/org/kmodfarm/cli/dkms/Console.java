package org.kmodfarm.cli.dkms;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * DKMS's two output streams and its {@code error}/{@code warn}/{@code deprecated} helpers. Every write is
 * flushed at once, so that stdout and stderr interleave in a shared file as DKMS's lines do. Not thread-safe.
 */
final class Console {
    private PrintStream out;
    private PrintStream err;

    Console(PrintStream out, PrintStream err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** One line on stdout. */
    void out(String line) {
        out.print(line + "\n");
        out.flush();
    }

    /** Text on stdout, no newline added. */
    void print(String text) {
        out.print(text);
        out.flush();
    }

    /** One line on stderr. */
    void err(String line) {
        err.print(line + "\n");
        err.flush();
    }

    /** Text on stderr, no newline added. */
    void errText(String text) {
        err.print(text);
        err.flush();
    }

    /** DKMS's {@code error}: an empty line, then {@code Error! } before the first line, on stderr. */
    void error(List<String> lines) {
        StringBuilder text = new StringBuilder("\nError! ");
        lines.forEach(line -> text.append(line).append('\n'));
        err.print(text);
        err.flush();
    }

    /** DKMS's {@code warn}: {@code Warning: } before the first line, on stderr. */
    void warn(String... lines) {
        err.print("Warning: " + String.join("\n", lines) + "\n");
        err.flush();
    }

    /** DKMS's {@code deprecated}. */
    void deprecated(String line) {
        err("Deprecated feature: " + line);
    }

    /** {@code -q}: DKMS's {@code exec >/dev/null 2>&1}, for the rest of the run. */
    void quiet() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        out = nowhere;
        err = nowhere;
    }

    /** The stdout stream, for child processes' output and JSON. */
    PrintStream stdout() {
        return out;
    }
}
