package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed kernel hooks run by the real {@code sh}, as a package manager runs them, against a stand-in
 * {@code dkms} that records its arguments and fails: every hook calls the right verb for its kernel and still
 * exits 0, a kernel without headers is left for its headers' hook, and hooks of a removed kmodfarm do nothing.
 * The hooks name their helper by its absolute path on the target system; here that path is redirected into
 * the temporary root. Postinst needs a kernel with headers on this machine (scripts/setup-dkms-reference).
 */
class KernelHooksIT {
    @TempDir
    Path dir;
    Path root;
    Path calls;
    Path fakeDkms;
    String kernel;

    @BeforeEach
    void install() throws IOException {
        try (Stream<Path> kernels = Files.list(Path.of("/lib/modules"))) {
            kernel = kernels.filter(k -> Files.isDirectory(k.resolve("build/include"))).map(k -> k.getFileName()
                    .toString()).sorted().findFirst().orElseThrow(() -> new AssertionError("no kernel headers "
                            + "under /lib/modules; run scripts/setup-dkms-reference"));
        }
        root = dir.resolve("root");
        calls = dir.resolve("calls");
        fakeDkms = dir.resolve("dkms");
        Files.writeString(fakeDkms, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\necho 'Error! a module failed' >&2\n"
                + "exit 11\n");
        Files.setPosixFilePermissions(fakeDkms, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"hooks", "install", "--root", root.toString(), "--dkms",
            fakeDkms.toString()}, dir, Map.of(), c -> new FakeServices(), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        String helper = root + KernelHooks.HELPER;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("'" + KernelHooks.HELPER + "'", "'" + helper + "'"));
            }
        }
    }

    record Run(int code, String stderr) {
    }

    private Run hook(String file, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", root.resolve(file).toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), stderr);
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void everyHookCallsItsVerbAndAFailingModuleNeverFailsThePackage() throws Exception {
        Run postinst = hook("etc/kernel/postinst.d/dkms", kernel, "/boot/vmlinuz-" + kernel);
        assertEquals(0, postinst.code(), postinst.stderr());
        assertTrue(postinst.stderr().contains("Error! a module failed"), postinst.stderr());
        assertTrue(postinst.stderr().contains("'dkms kernel_postinst -k " + kernel + "' failed with exit status 11"),
                postinst.stderr());
        assertEquals(0, hook("etc/kernel/header_postinst.d/dkms", kernel).code());
        assertEquals(0, hook("etc/kernel/preinst.d/dkms", kernel).code());
        assertEquals(0, hook("etc/kernel/prerm.d/dkms", kernel).code());
        assertEquals(0, hook("usr/lib/kernel/install.d/40-dkms.install", "add", kernel, "/boot/entry").code());
        assertEquals(0, hook("usr/lib/kernel/install.d/40-dkms.install", "remove", kernel).code());
        assertEquals(List.of("kernel_postinst -k " + kernel, "kernel_postinst -k " + kernel,
                "kernel_preinst -k " + kernel, "kernel_prerm -k " + kernel, "kernel_postinst -k " + kernel,
                "kernel_prerm -k " + kernel), calls());
    }

    @Test
    void aKernelWithoutHeadersIsLeftForItsHeadersHook() throws Exception {
        Run run = hook("etc/kernel/postinst.d/dkms", "0.0.0-kmodfarm-noheaders");
        assertEquals(0, run.code());
        assertTrue(run.stderr().contains("the headers of kernel 0.0.0-kmodfarm-noheaders are not installed yet"),
                run.stderr());
        assertEquals(List.of(), calls());
    }

    @Test
    void hooksOfARemovedKmodfarmDoNothing() throws Exception {
        Files.delete(fakeDkms);
        assertEquals(new Run(0, ""), hook("etc/kernel/prerm.d/dkms", kernel));
        assertEquals(new Run(0, ""), hook("usr/lib/kernel/install.d/40-dkms.install", "add", kernel));
        assertEquals(List.of(), calls());
    }

    /** The scriptlet of one trigger of the RPM snippet: the lines after its {@code %…} line. */
    private String trigger(String name) throws IOException {
        String spec = Files.readString(root.resolve("usr/share/kmodfarm/rpm/dkms-triggers.spec"));
        int start = spec.indexOf('\n', spec.indexOf("\n%" + name + " ") + 1) + 1;
        int end = spec.indexOf("\n%", start);
        return spec.substring(start, end < 0 ? spec.length() : end);
    }

    private Run scriptlet(String body, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", body).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), stderr);
    }

    @Test
    void theRpmTriggersRunOncePerKernelWhoseImageOrHeadersArriveOrWhoseImageGoes() throws Exception {
        String installed = "/usr/lib/modules/" + kernel + "/vmlinuz\n/lib/modules/" + kernel + "/build\n"
                + "/lib/modules/" + kernel + "/kernel/drivers/x.ko\n/usr/share/doc/other\n";
        assertEquals(0, scriptlet(trigger("transfiletriggerin"), installed).code());
        assertEquals(0, scriptlet(trigger("filetriggerun"), installed).code());
        assertEquals(List.of("kernel_postinst -k " + kernel, "kernel_prerm -k " + kernel), calls());
    }
}
