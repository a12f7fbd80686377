package org.kmodfarm.dkms;

import org.kmodfarm.testkit.TestFiles;
import java.nio.file.Path;
import java.util.Map;

/** A dkms.conf written into a temporary directory, with an etc dir and a context that points at both. */
final class Fixture {
    static final String KERNEL = "6.1.0-47-amd64";
    static final ShellRunner BASH = new LocalBashRunner();

    final Path dir;
    final Path conf;
    final Path etc;
    EvaluationContext context;

    Fixture(Path dir, String text) {
        this.dir = dir;
        this.conf = dir.resolve("dkms.conf");
        this.etc = dir.resolve("etc");
        write(conf, text);
        mkdirs(etc);
        this.context = EvaluationContext.defaults(conf.toString(), "foo", "1.0", KERNEL, "x86_64")
                .withEtcDir(etc.toString())
                .withWorkingDirectory(dir.toString())
                .withKernel(dir.resolve("kbuild").toString(), dir.resolve("kbuild/.config").toString())
                .withVariables(Map.of(), Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/fixture"));
    }

    Evaluation.Sourced evaluate() {
        return (Evaluation.Sourced) evaluate(ReadMode.NORMAL);
    }

    Evaluation evaluate(ReadMode mode) {
        return new ConfEvaluator(BASH).evaluate(context, mode);
    }

    ReadResult read(ReadMode mode) {
        return read(mode, new DestinationPolicy("debian", ""));
    }

    ReadResult read(ReadMode mode, DestinationPolicy policy) {
        return new ConfReader(new ConfEvaluator(BASH), policy).read(context, mode, conf.toString());
    }

    /** The conf of a read expected to be valid. */
    DkmsConf valid() {
        ReadResult result = read(ReadMode.STRICT);
        if (result instanceof ReadResult.Valid valid) {
            return valid.conf();
        }
        throw new AssertionError("expected a valid conf: " + result.messages());
    }

    static void write(Path file, String text) {
        TestFiles.write(file, text);
    }

    static void mkdirs(Path dir) {
        TestFiles.mkdirs(dir);
    }
}
