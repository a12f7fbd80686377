package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.TestFiles;

/**
 * {@code dkms install --modprobe-on-install}: after installing for the running kernel, modprobe loads the
 * modules and udevadm replays the add events; for another kernel neither runs. modprobe and udevadm are fakes
 * on the PATH that record their arguments (this machine's kernel cannot load the test's module).
 */
class DkmsModprobeOnInstallTest {
    private static final String RUNNING = DkmsHarness.KERNEL;
    private static final String OTHER = "6.1.0-98-amd64";

    @TempDir
    Path tmp;
    DkmsHarness h;
    Path calls;
    Path fakes;

    @BeforeEach
    void setUp() throws Exception {
        h = new DkmsHarness(tmp);
        h.writeTestModule();
        TestFiles.mkdirs(Path.of(h.installTree, OTHER));
        calls = tmp.resolve("calls.log");
        fakes = tmp.resolve("fakes");
        fake("modprobe", 0);
        fake("udevadm", 0);
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(RUNNING);
        h.fakeBuilt(OTHER);
    }

    private void fake(String name, int exit) throws Exception {
        Path tool = fakes.resolve(name);
        TestFiles.write(tool, "#!/bin/sh\necho \"" + name + " $*\" >> " + calls + "\nexit " + exit + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String install(String kernel, String... extra) {
        Host host = new Host(RUNNING, DkmsHarness.ARCH, true, Optional.of("debian"), "",
                Map.of("PATH", fakes + ":/usr/sbin:/usr/bin:/sbin:/bin"), tmp.toString(), "/usr/sbin/dkms");
        List<String> args = new ArrayList<>(List.of("install", "-m", "dkms_test", "-v", "1.0", "-k", kernel,
                "--dkmstree", h.dkmsTree, "--sourcetree", h.sourceTree, "--installtree", h.installTree));
        args.addAll(List.of(extra));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, new DkmsCommand(host, DkmsProfile.HOST, new Console(both, both))
                .run(args.toArray(String[]::new)), bytes.toString(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String calls() throws Exception {
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    @Test
    void loadsTheModulesAndTriggersUdevForTheRunningKernel() throws Exception {
        String out = install(RUNNING, "--modprobe-on-install");
        assertEquals("modprobe -a -b dkms_test\nudevadm trigger --action=add\n", calls(), out);
        assertTrue(Files.exists(Path.of(h.installTree, RUNNING, "updates/dkms/dkms_test.ko")), out);
    }

    @Test
    void anotherKernelOrNoOptionLoadsNothing() throws Exception {
        install(OTHER, "--modprobe-on-install");
        install(RUNNING);
        assertEquals("", calls());
    }

    @Test
    void aFailingModprobeOnlyWarnsAndSkipsTheTrigger() throws Exception {
        fake("modprobe", 1);
        String out = install(RUNNING, "--modprobe-on-install");
        assertEquals("modprobe -a -b dkms_test\n", calls());
        assertTrue(out.contains("Warning: modprobe -a -b dkms_test failed (status 1)."), out);
        assertFalse(out.contains("udevadm"), out);
    }
}
