package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmodfarm hooks install} into a temporary root. */
class HooksCommandTest {
    static final List<String> EXECUTABLES = List.of("usr/lib/kmodfarm/dkms-kernel-hook",
            "etc/kernel/postinst.d/dkms", "etc/kernel/preinst.d/dkms", "etc/kernel/prerm.d/dkms",
            "etc/kernel/header_postinst.d/dkms", "usr/lib/kernel/install.d/40-dkms.install");
    static final String SNIPPET = "usr/share/kmodfarm/rpm/dkms-triggers.spec";

    @TempDir
    Path dir;
    final Map<String, String> env = new HashMap<>(Map.of("KMODFARM_HOME", "/opt/kmodfarm"));
    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, dir, env, c -> new FakeServices(), new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private String mode(String file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root").resolve(file)));
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve("root").resolve(file));
    }

    @Test
    void writesEveryHookWithItsModeAndThePathsOfThisKmodfarm() throws IOException {
        assertEquals(0, run("hooks", "install", "--root", "root"), err);

        for (String f : EXECUTABLES) {
            assertEquals("rwxr-xr-x", mode(f), f);
            assertTrue(read(f).startsWith("#!/bin/sh\n# kmodfarm-hook"), f);
            assertFalse(read(f).contains("@DKMS@") || read(f).contains("@HOOK@"), f);
        }
        assertEquals("rw-r--r--", mode(SNIPPET));
        assertTrue(read(SNIPPET).contains("'/usr/lib/kmodfarm/dkms-kernel-hook' postinst \"$kernel\""));
        assertTrue(read("usr/lib/kmodfarm/dkms-kernel-hook").contains("dkms='/opt/kmodfarm/bin/dkms'\n"));
        assertTrue(read("etc/kernel/prerm.d/dkms").endsWith("exec '/usr/lib/kmodfarm/dkms-kernel-hook' prerm \"$1\"\n"));
        assertTrue(read("etc/kernel/header_postinst.d/dkms").contains("' postinst \"$1\""));
        assertTrue(out.endsWith("kernel hooks installed under " + dir.resolve("root") + "; they run "
                + "/opt/kmodfarm/bin/dkms\n"), out);
    }

    @Test
    void installingAgainReplacesKmodfarmsOwnHooks() throws IOException {
        assertEquals(0, run("hooks", "install", "--root", "root"));
        assertEquals(0, run("hooks", "install", "--root", "root", "--dkms", "/usr/local/bin/dkms"), err);
        assertTrue(read("usr/lib/kmodfarm/dkms-kernel-hook").contains("dkms='/usr/local/bin/dkms'\n"));
    }

    @Test
    void anotherPackagesHookIsReplacedOnlyWithForce() throws IOException {
        Path debians = dir.resolve("root/etc/kernel/postinst.d/dkms");
        Files.createDirectories(debians.getParent());
        Files.writeString(debians, "#!/bin/sh\n# Debian's dkms\n");

        assertEquals(ExitCodes.BAD_INPUT, run("hooks", "install", "--root", "root"));
        assertTrue(err.contains(debians + ": a hook kmodfarm did not write is installed here"), err);
        assertTrue(err.contains("--force"), err);
        assertFalse(Files.exists(dir.resolve("root/etc/kernel/prerm.d/dkms")), "nothing is written then");

        assertEquals(0, run("hooks", "install", "--root", "root", "--force"), err);
        assertTrue(read("etc/kernel/postinst.d/dkms").contains("kmodfarm-hook"));
    }

    @Test
    void theEntryPointMustBeKnownAndAbsolute() {
        env.remove("KMODFARM_HOME");
        assertEquals(ExitCodes.BAD_INPUT, run("hooks", "install", "--root", "root"));
        assertTrue(err.contains("give --dkms PATH"), err);
        assertEquals(ExitCodes.BAD_INPUT, run("hooks", "install", "--root", "root", "--dkms", "bin/dkms"));
        assertTrue(err.contains("absolute path"), err);
        assertFalse(Files.exists(dir.resolve("root")));
    }
}
