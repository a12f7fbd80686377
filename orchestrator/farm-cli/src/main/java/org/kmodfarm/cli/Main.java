package org.kmodfarm.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The entry point of the runnable jar: real environment, real Docker engine. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = Cli.run(args, Path.of("").toAbsolutePath(), System.getenv(), DockerServices::new, out, err);
        System.exit(code);
    }
}
