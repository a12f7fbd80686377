package org.kmodfarm.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.testkit.TestFiles;

/** Packages made by the real dpkg-deb, so the reader is checked against what Debian tools write. */
class DebianPackageSourcesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsDpkgDeb() {
        boolean present;
        try {
            present = new ProcessBuilder("dpkg-deb", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        assumeTrue(present, "dpkg-deb is not installed: the .deb tests need it to build their fixtures");
    }

    /** Builds {@code NAME.deb} from a staging tree holding {@code files} (path, content pairs). */
    private Path deb(String name, String compression, String... files) throws Exception {
        Path root = tmp.resolve("stage-" + name);
        TestFiles.write(root.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: 1.0\nArchitecture: all\n"
                + "Maintainer: Test <test@example.org>\nDescription: test package\n");
        for (int i = 0; i < files.length; i += 2) {
            TestFiles.write(root.resolve(files[i]), files[i + 1]);
        }
        Path out = tmp.resolve(name + ".deb");
        Process p = new ProcessBuilder("dpkg-deb", "-Z" + compression, "--root-owner-group", "--build",
                root.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    private Path fooDeb(String compression) throws Exception {
        return deb("foo-dkms-" + compression, compression,
                "usr/src/foo-1.0/dkms.conf", "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n",
                "usr/src/foo-1.0/Makefile", "obj-m := foo.o\n", "usr/src/foo-1.0/foo.c", "int foo;\n",
                "usr/share/doc/foo-dkms/copyright", "GPL-2\n");
    }

    private Problem refused(Path file) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ModuleSources.load(file.toString(), tmp.resolve("cache")));
        assertEquals(file, e.problems().get(0).where().file());
        return e.problems().get(0);
    }

    @Test
    void readsTheSourceOfADkmsPackage() throws Exception {
        for (String compression : List.of("xz", "gzip", "none")) {
            Path deb = fooDeb(compression);
            List<ModuleSource> sources = ModuleSources.load(deb.toString(), tmp.resolve("cache"));
            assertEquals(1, sources.size(), compression);
            ModuleSource foo = sources.get(0);
            assertEquals(deb.toString(), foo.origin());
            assertTrue(foo.directory().startsWith(tmp.resolve("cache"))
                    && foo.directory().endsWith(Path.of("usr/src/foo-1.0")), foo.directory().toString());
            assertEquals("int foo;\n", Files.readString(foo.directory().resolve("foo.c")));
            assertEquals(TreeHash.of(tmp.resolve("stage-foo-dkms-" + compression + "/usr/src/foo-1.0")),
                    foo.treeHash(), compression);
        }
    }

    @Test
    void eachDirectoryWithDkmsConfIsOneSource() throws Exception {
        Path deb = deb("multi-dkms", "xz", "usr/src/foo-1.0/dkms.conf", "PACKAGE_NAME=foo\n",
                "usr/src/bar-2.0/dkms.conf", "PACKAGE_NAME=bar\n", "usr/src/notes/README", "no dkms.conf here\n");
        List<ModuleSource> sources = ModuleSources.load(deb.toString(), tmp.resolve("cache"));
        assertEquals(List.of("bar-2.0", "foo-1.0"),
                sources.stream().map(s -> s.directory().getFileName().toString()).toList());
    }

    @Test
    void aPackageWithoutModuleSourceIsRefused() throws Exception {
        Path deb = deb("foo-utils", "xz", "usr/bin/foo", "#!/bin/sh\n");
        Problem p = refused(deb);
        assertTrue(p.what().contains("usr/src/NAME-VERSION/dkms.conf"), p.render());
    }

    @Test
    void aZstdPackageIsRefusedNamingTheMember() throws Exception {
        Path deb = fooDeb("zstd");
        Problem p = refused(deb);
        assertTrue(p.what().contains("data.tar.zst") && p.what().contains("zstd-jni"), p.render());
        assertTrue(p.fix().contains("-Zxz"), p.render());
    }

    @Test
    void aDamagedPackageIsRefused() throws Exception {
        byte[] good = Files.readAllBytes(fooDeb("xz"));
        Path cut = Files.write(tmp.resolve("cut.deb"), Arrays.copyOf(good, good.length - 100));
        assertTrue(refused(cut).what().contains("cannot read this Debian package"));
        Path text = Files.write(tmp.resolve("text.deb"), "Package: foo\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(text).what().contains("first bytes"));
    }
}
