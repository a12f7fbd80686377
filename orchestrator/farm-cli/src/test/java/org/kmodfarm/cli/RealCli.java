package org.kmodfarm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@code kmodfarm} call of an integration test: the real engine, the repository as {@code KMODFARM_HOME}
 * (where the cells' runner, the packaged jar, is found), stdout then stderr.
 */
record RealCli(int code, String output) {
    /** A test's calls in one working directory, known once JUnit has made it; keeps the last call's output. */
    static final class Session {
        private final java.util.function.Supplier<Path> work;
        private String out = "";

        Session(java.util.function.Supplier<Path> work) {
            this.work = work;
        }

        int run(String... args) {
            RealCli r = RealCli.run(work.get(), args);
            out = r.output();
            return r.code();
        }

        String out() {
            return out;
        }
    }

    static RealCli run(Path work, String... args) {
        return run(work, Map.of(), args);
    }

    /** @param env more environment, e.g. {@code KMODFARM_*} settings */
    static RealCli run(Path work, Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("KMODFARM_HOME", RealFarmIT.repo("").toString());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, work, all, DockerServices::new, new PrintWriter(o), new PrintWriter(e));
        return new RealCli(code, o + e.toString());
    }
}
