package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodfarm.dkms.build.Confs.KERNEL;
import static org.kmodfarm.dkms.build.Confs.MV;
import static org.kmodfarm.dkms.build.Confs.TARGET;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.Scripts;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.testkit.TestFiles;

/** DKMS 3.2.2's {@code do_uninstall} after its first line: delete, restore originals, unlink, depmod, clean up. */
class ModuleUninstallTest {
    private static final String ACTIVE = "Before uninstall, this module version was ACTIVE on this kernel.\n";
    private static final String DEPMOD = "Running depmod... done.\n";

    @TempDir
    Path tmp;
    TreeRoots roots;
    Path lib;
    Path link;
    Path originals;
    Path backup;
    Path installed;
    final FakeBuildIo io = new FakeBuildIo();
    final RecordingOutput out = new RecordingOutput();

    /** foo/1.0 built and installed into /updates/dkms, the kernel's modules.dep non-empty. */
    @BeforeEach
    void setUp() throws IOException {
        roots = Confs.roots(tmp);
        lib = Path.of(roots.installTree(), KERNEL);
        link = Path.of(roots.dkmsTree(), "foo", "kernel-" + KERNEL + "-x86_64");
        originals = Path.of(roots.dkmsTree(), "foo", "original_module");
        backup = originals.resolve(KERNEL + "/x86_64");
        TestFiles.write(lib.resolve("modules.dep"), "kernel/fs/x.ko:\n");
        TestFiles.write(Path.of(roots.builtDir(MV, TARGET), "module/foo.ko"), "ours\n");
        io.on("modinfo " + link + "/module/foo.ko", 0, "version: 1.0\nsrcversion: OURS\n");
        Files.createSymbolicLink(link, Path.of("1.0", KERNEL, "x86_64"));
        installed = installedCopy("updates/dkms/foo.ko", "1.0");
    }

    private Path installedCopy(String file, String version) {
        Path p = lib.resolve(file);
        TestFiles.write(p, "a foo.ko\n");
        io.on("modinfo " + p, 0, "version: " + version + "\nsrcversion: OTHER\n");
        return p;
    }

    private InstallRequest request(DkmsConf conf, ModuleSuffix suffix, boolean noDepmod) {
        return new InstallRequest(MV, TARGET, roots, conf, suffix, false, "debian", noDepmod, Map.of(), false);
    }

    private InstallRequest request() {
        return request(Confs.conf(List.of(Confs.module("foo"))), new ModuleSuffix(""), false);
    }

    private void uninstall(InstallRequest r) throws IOException {
        new ModuleUninstall(io, out, new Invoker(io, out, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))).run(r);
    }

    /** An original archived by install: the module and its .origin naming where it came from. */
    private Path archived(String origin) {
        TestFiles.write(backup.resolve("foo.ko"), "original\n");
        TestFiles.write(backup.resolve("foo.ko.origin"), origin + "\n");
        return backup.resolve("foo.ko.origin");
    }

    @Test
    void anActiveVersionIsDeletedWithItsEmptyDirectoriesAndUnlinked() throws IOException {
        uninstall(request());

        assertEquals(ACTIVE + "Deleting " + installed + "\n" + DEPMOD, out.all());
        assertFalse(Files.exists(lib.resolve("updates")), "rmdir -p removes updates/dkms and updates");
        assertTrue(Files.isDirectory(lib));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("modinfo " + link + "/module/foo.ko", "modinfo " + installed, Confs.depmod(roots)),
                io.lines());
    }

    @Test
    void everySuffixOfTheModuleGoesAndNonEmptyDirectoriesStay() throws IOException {
        TestFiles.write(lib.resolve("updates/dkms/foo.ko.xz"), "stale\n");
        TestFiles.write(lib.resolve("updates/other.ko"), "other\n");

        uninstall(request(Confs.conf(List.of(Confs.module("foo"))), new ModuleSuffix(".xz"), false));

        assertEquals(ACTIVE + "Deleting " + lib + "/updates/dkms/foo.ko.xz\n" + DEPMOD, out.all());
        assertFalse(Files.exists(lib.resolve("updates/dkms")));
        assertTrue(Files.exists(lib.resolve("updates/other.ko")));
    }

    @Test
    void anotherActiveVersionMakesThisOneInactive() throws IOException {
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("0.9", KERNEL, "x86_64"));

        uninstall(request());

        assertEquals("This module version was INACTIVE for this kernel.\n" + DEPMOD, out.all());
        assertTrue(Files.exists(installed));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void withoutALinkTheVersionIsInactive() throws IOException {
        Files.delete(link);

        uninstall(request());

        assertEquals("This module version was INACTIVE for this kernel.\n" + DEPMOD, out.all());
    }

    @Test
    void anInstalledCopyOfAnotherVersionIsNotOurs() throws IOException {
        installedCopy("updates/dkms/foo.ko", "2.0");

        uninstall(request());

        assertEquals(ACTIVE + "Module foo.ko was not found within " + lib + "/\n" + DEPMOD, out.all());
        assertTrue(Files.exists(installed));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theRawDestModuleLocationIsSearchedWhenTheOverriddenOneHoldsNoCopyOfOurVersion() throws IOException {
        installedCopy("updates/dkms/foo.ko", "2.0");
        Path raw = installedCopy("kernel/drivers/misc/foo.ko", "1.0");

        uninstall(request());

        assertEquals(ACTIVE + "Deleting " + raw + "\n" + DEPMOD, out.all());
        assertFalse(Files.exists(lib.resolve("kernel")));
        assertTrue(Files.exists(installed));
    }

    @Test
    void anArchivedOriginalIsRestoredAndTheEmptiedArchiveRemovedSilently() throws IOException {
        Path home = lib.resolve("kernel/drivers/misc/foo.ko");
        archived(home.toString());

        uninstall(request());

        // DKMS's `find … -type d -empty -delete` takes the emptied archive before its "Removing original" step
        assertEquals(ACTIVE + "Deleting " + installed + "\nRestoring archived original module " + home + "\n"
                + DEPMOD, out.all());
        assertEquals("original\n", Files.readString(home));
        assertFalse(Files.exists(originals));
    }

    @Test
    void anotherKernelsArchiveIsKept() throws IOException {
        Path home = lib.resolve("kernel/drivers/misc/foo.ko");
        archived(home.toString());
        TestFiles.write(originals.resolve("5.10.0-1/x86_64/foo.ko"), "other kernel's\n");

        uninstall(request());

        assertFalse(Files.exists(originals.resolve(KERNEL)));
        assertTrue(Files.exists(originals.resolve("5.10.0-1/x86_64/foo.ko")));
    }

    @Test
    void anOriginOutsideTheKernelsTreeIsRefusedAndTheModuleTakenForALegacyArchive() throws IOException {
        Path origin = archived("/etc/foo.ko");

        uninstall(request());

        // The module is still in the archive, so the .origin-less rule that follows puts it back after all.
        assertEquals("Warning: Bad original location '/etc/foo.ko' in " + origin + "\n", out.stderr());
        assertEquals(ACTIVE + "Deleting " + installed + "\nWarning: Bad original location '/etc/foo.ko' in " + origin
                + "\nRestoring archived original module\n" + DEPMOD
                + "Removing original module(s) from DKMS tree for kernel " + KERNEL + " (x86_64)\n", out.all());
        assertEquals("original\n", Files.readString(lib.resolve("kernel/drivers/misc/foo.ko")));
        assertFalse(Files.exists(Path.of("/etc/foo.ko")));
        assertFalse(Files.exists(originals));
    }

    @Test
    void anOriginalArchivedWithoutOriginGoesBackToTheRawDestModuleLocation() throws IOException {
        TestFiles.write(backup.resolve("foo.ko"), "original\n");

        uninstall(request());

        assertEquals(ACTIVE + "Deleting " + installed + "\nRestoring archived original module\n" + DEPMOD
                + "Removing original module(s) from DKMS tree for kernel " + KERNEL + " (x86_64)\n", out.all());
        assertEquals("original\n", Files.readString(lib.resolve("kernel/drivers/misc/foo.ko")));
        assertFalse(Files.exists(originals));
    }

    @Test
    void postRemoveRunsAfterTheUnlinkAndBeforeDepmodEvenWhenInactive() throws IOException {
        Path source = Path.of(roots.versionDir(MV), "source");
        TestFiles.write(source.resolve("post.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(source.resolve("post.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Boolean> linkedWhenRun = new ArrayList<>();
        io.on(source + "/post.sh", 0, "removed\n",
                (argv, cwd) -> linkedWhenRun.add(Files.exists(link, LinkOption.NOFOLLOW_LINKS)));
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo")), List.of(), new Scripts("", "", "", "", "",
                "post.sh"), "");

        uninstall(request(conf, new ModuleSuffix(""), false));
        uninstall(request(conf, new ModuleSuffix(""), false));

        assertEquals(List.of(false, false), linkedWhenRun);
        assertEquals(ACTIVE + "Deleting " + installed + "\nRunning the post_remove script:\nremoved\n" + DEPMOD
                + "This module version was INACTIVE for this kernel.\nRunning the post_remove script:\nremoved\n"
                + DEPMOD, out.all());
    }

    @Test
    void noDepmodRunsNothing() throws IOException {
        uninstall(request(Confs.conf(List.of(Confs.module("foo"))), new ModuleSuffix(""), true));

        assertFalse(io.lines().stream().anyMatch(l -> l.startsWith("depmod")));
        assertTrue(out.all().endsWith(DEPMOD));
    }

    @Test
    void depmodLeavingAnEmptyModulesDepRemovesTheIndexesAndTheEmptyKernelDirectory() throws IOException {
        for (String index : List.of("modules.alias", "modules.dep.bin", "modules.symbols.bin", "modules.builtin")) {
            TestFiles.write(lib.resolve(index), "x\n");
        }
        io.on(Confs.depmod(roots), 0, "", (argv, cwd) -> Files.writeString(lib.resolve("modules.dep"), ""));

        uninstall(request());

        assertEquals(List.of("modules.builtin"), List.of(lib.toFile().list()), "only depmod's outputs go");

        Files.delete(lib.resolve("modules.builtin"));
        TestFiles.write(lib.resolve("modules.dep"), "x\n");
        uninstall(request());
        assertFalse(Files.exists(lib), "a kernel directory left empty goes too");
        assertTrue(Files.isDirectory(lib.getParent()));
    }

    @Test
    void aDeferredDepmodIsMarkedPendingAndRunOnceLater() throws IOException {
        InstallRequest deferred = new InstallRequest(MV, TARGET, roots, Confs.conf(List.of(Confs.module("foo"))),
                new ModuleSuffix(""), false, "debian", false, Map.of(), true);
        uninstall(deferred);

        assertEquals(ACTIVE + "Deleting " + installed + "\n", out.all(), "no depmod line while deferred");
        assertFalse(io.lines().stream().anyMatch(l -> l.startsWith("depmod")));
        Path flag = Path.of(roots.dkmsTree(), "depmod-pending-" + KERNEL + "-x86_64");
        assertTrue(Files.exists(flag));

        Depmod depmod = new Depmod(io, new Invoker(io, out, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)), Map.of());
        assertTrue(depmod.runPending(roots.dkmsTree(), roots.installTree(), TARGET, false));
        assertFalse(Files.exists(flag));
        assertTrue(out.all().endsWith("\n" + DEPMOD), out.all());
        assertEquals(1, io.lines().stream().filter(l -> l.equals(Confs.depmod(roots))).count());
        assertFalse(depmod.runPending(roots.dkmsTree(), roots.installTree(), TARGET, false), "nothing pending");
    }

    @Test
    void depmodWorksInTheRootAnInstallTreeBelongsTo() throws IOException {
        assertEquals(List.of("depmod", "-a", KERNEL), Depmod.command("/lib/modules", KERNEL));
        assertEquals(List.of("depmod", "-a", KERNEL), Depmod.command("/lib/modules/", KERNEL));
        assertEquals(List.of("depmod", "-b", "/srv/image", "-a", KERNEL),
                Depmod.command("/srv/image/lib/modules", KERNEL));
        assertEquals(List.of("depmod", "-a", KERNEL), Depmod.command("/srv/modules", KERNEL),
                "a tree that is not a root's lib/modules: as DKMS");
        TestFiles.write(tmp.resolve("image/boot/System.map-" + KERNEL), "map\n");
        Path image = tmp.toRealPath().resolve("image");
        assertEquals(List.of("depmod", "-b", image.toString(), "-a", KERNEL, "-F",
                image + "/boot/System.map-" + KERNEL), Depmod.command(image + "/lib/modules", KERNEL));
    }
}
