package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.images.ImageRecords;
import org.kmodfarm.dkms.ConfEvaluator;
import org.kmodfarm.dkms.ConfReader;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.EvaluationContext;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.ReadResult;
import org.kmodfarm.dkms.SandboxShellRunner;
import org.kmodfarm.docker.DockerEngine;
import org.kmodfarm.docker.DockerEngines;
import org.kmodfarm.docker.DockerSandbox;

/**
 * Farm mode reads an untrusted dkms.conf inside the sandbox of a real builder image: its commands run there
 * (no network, read-only root, non-root), see the target kernel's headers and config, and touch nothing on
 * the host.
 */
class SandboxConfEvaluationIT {
    @TempDir
    static Path work;
    static DockerEngine engine;
    static String image;
    static String kernel;

    @BeforeAll
    static void builderImage() throws Exception {
        StringWriter err = new StringWriter();
        Path matrix = Path.of("../../kernel-matrix/demo.yaml").toAbsolutePath().normalize();
        int code = Cli.run(new String[] {"images", "build", "--matrix", matrix.toString()}, work, Map.of(),
                DockerServices::new, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        var entry = new ImageRecords(work.resolve("results")).read().values().iterator().next();
        image = entry.tag();
        kernel = entry.kernel();
        engine = DockerEngines.connect(null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    ReadResult read(String conf, Path source) throws Exception {
        Files.createDirectories(source);
        Files.writeString(source.resolve("dkms.conf"), conf);
        SandboxShellRunner shell = new SandboxShellRunner(new DockerSandbox(engine), image, source,
                Duration.ofMinutes(1), Map.of("kmodfarm.kernel", kernel));
        EvaluationContext context = EvaluationContext.defaults(SandboxShellRunner.SOURCE + "/dkms.conf", "",
                "", kernel, "x86_64").withWorkingDirectory(SandboxShellRunner.SOURCE);
        return new ConfReader(new ConfEvaluator(shell), new DestinationPolicy("debian", ""))
                .read(context, ReadMode.STRICT, SandboxShellRunner.SOURCE + "/dkms.conf");
    }

    @Test
    void hostileCommandsRunOnlyInTheSandbox() throws Exception {
        Path marker = work.resolve("host-marker");
        ReadResult r = read("""
                PACKAGE_NAME="hostile"
                PACKAGE_VERSION="1.0"
                BUILT_MODULE_NAME[0]="hostile"
                DEST_MODULE_LOCATION[0]="/extra"
                NET=$(getent hosts deb.debian.org >/dev/null 2>&1 && echo yes || echo no)
                WROTE=$(touch /etc/kmodfarm-owned 2>/dev/null && echo yes || echo no)
                touch %s 2>/dev/null
                MAKE[0]="make KVER=${kernelver} NET=$NET WROTE=$WROTE USER=$(id -u) KDIR=${kernel_source_dir}"
                BUILD_EXCLUSIVE_CONFIG="CONFIG_MODULES"
                """.formatted(marker), work.resolve("hostile"));
        ReadResult.Valid valid = assertInstanceOf(ReadResult.Valid.class, r, r.messages().toString());
        String make = valid.conf().plan().makeCommand();
        assertTrue(make.contains("KVER=" + kernel), make);
        assertTrue(make.contains("NET=no"), "no network in the sandbox: " + make);
        assertTrue(make.contains("WROTE=no"), "read-only root filesystem: " + make);
        assertTrue(make.contains("USER=1000"), "not root: " + make);
        assertFalse(Files.exists(marker), "nothing happens on the host");
        assertTrue(valid.conf().plan().exclusion().reasons().isEmpty(), "the image's real kernel config is read");
        assertEquals("/updates/dkms", valid.conf().modules().get(0).destLocation());
    }

    @Test
    void theKernelConfigOfTheImageDecidesExclusivity() throws Exception {
        ReadResult r = read("""
                PACKAGE_NAME="needs"
                PACKAGE_VERSION="1.0"
                DEST_MODULE_LOCATION[0]="/updates"
                BUILD_EXCLUSIVE_CONFIG="CONFIG_KMODFARM_NO_SUCH_OPTION"
                """, work.resolve("needs"));
        ReadResult.Valid valid = assertInstanceOf(ReadResult.Valid.class, r, r.messages().toString());
        assertFalse(valid.conf().plan().exclusion().reasons().isEmpty());
    }

    @Test
    void malformedConfGivesDkmsErrors() throws Exception {
        ReadResult r = read("PACKAGE_VERSION=\"1.0\"\nDEST_MODULE_LOCATION[0]=\"/extra\"\n", work.resolve("bad"));
        ReadResult.Invalid invalid = assertInstanceOf(ReadResult.Invalid.class, r);
        assertEquals(8, invalid.exitCode());
        assertTrue(invalid.messages().contains("dkms.conf: Error! No 'PACKAGE_NAME' directive specified."),
                invalid.messages().toString());
    }

    int kmodfarm(StringWriter out, StringWriter err, String... args) {
        return Cli.run(args, work, Map.of(), DockerServices::new, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void confVerbShowsTheExampleModuleAndRefusesAMalformedConfWithExitTwo() throws Exception {
        String matrix = Path.of("../../kernel-matrix/demo.yaml").toAbsolutePath().normalize().toString();
        Path example = Path.of("../../examples/hello").toAbsolutePath().normalize();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, kmodfarm(out, err, "conf", example.toString(), "--matrix", matrix, "-k", kernel), err.toString());
        assertTrue(out.toString().contains("kmodfarm_hello.ko -> /updates/dkms/kmodfarm_hello"), out.toString());
        assertTrue(out.toString().contains("KERNELRELEASE=" + kernel), out.toString());

        Path bad = work.resolve("malformed");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("dkms.conf"), "PACKAGE_VERSION=\"1.0\"\n");
        out = new StringWriter();
        err = new StringWriter();
        assertEquals(ExitCodes.BAD_INPUT, kmodfarm(out, err, "conf", bad.toString(), "--matrix", matrix, "-k", kernel));
        assertTrue(err.toString().contains(bad.resolve("dkms.conf") + ": dkms.conf: Error! No 'PACKAGE_NAME' directive"
                + " specified. (read for " + kernel + ")"), err.toString());
    }
}
