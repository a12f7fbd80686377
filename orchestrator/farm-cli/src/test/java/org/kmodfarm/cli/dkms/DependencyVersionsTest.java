package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.tree.FileDkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/** DKMS 3.2.2's {@code .dep_<module>} records of BUILD_DEPENDS_REBUILD, on a real tree in a temporary folder. */
class DependencyVersionsTest {
    private static final KernelArch TARGET = new KernelArch(DkmsHarness.KERNEL, DkmsHarness.ARCH);
    private static final ModuleVersion DEPENDENT = new ModuleVersion("dependent", "1.0");
    private static final List<String> DEPENDS = List.of("base");

    @TempDir
    Path tmp;
    DkmsHarness h;
    DependencyVersions versions;
    Path record;

    @BeforeEach
    void setUp() {
        h = new DkmsHarness(tmp);
        versions = new DependencyVersions(new FileDkmsTree(new TreeRoots(h.dkmsTree, h.sourceTree, h.installTree)));
        added("dependent", "1.0");
        DkmsHarness.write(Path.of(h.dkmsTree, "dependent/1.0", TARGET.kernel(), TARGET.arch(), "module/dependent.ko"),
                "ko");
        record = Path.of(h.dkmsTree, "dependent/1.0", TARGET.kernel(), TARGET.arch(), ".dep_base");
    }

    /** A module version in the tree, as {@code dkms add} leaves it: its source linked in. */
    private void added(String module, String version) {
        Path source = tmp.resolve("usr/src/" + module + "-" + version);
        DkmsHarness.write(source.resolve("dkms.conf"), "PACKAGE_NAME=" + module + "\n");
        try {
            Files.createDirectories(Path.of(h.dkmsTree, module, version));
            Files.createSymbolicLink(Path.of(h.dkmsTree, module, version, "source"), source);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBuildRecordsTheHighestVersionOfEachDependencyTheTreeKnows() throws IOException {
        added("base", "1.9");
        added("base", "1.10");

        versions.record(DEPENDENT, TARGET, DEPENDS);

        assertEquals("1.10\n", Files.readString(record), "sort -V: 1.10 is after 1.9, built or not");
        assertFalse(versions.updated(DEPENDENT, TARGET, DEPENDS));
    }

    @Test
    void anUnknownDependencyIsNeitherRecordedNorAReasonToRebuild() throws IOException {
        versions.record(DEPENDENT, TARGET, DEPENDS);

        assertFalse(Files.exists(record));
        assertFalse(versions.updated(DEPENDENT, TARGET, DEPENDS));
    }

    @Test
    void anotherVersionOrAMissingRecordMeansUpdated() throws IOException {
        added("base", "1.0");
        versions.record(DEPENDENT, TARGET, DEPENDS);
        added("base", "2.0");
        assertTrue(versions.updated(DEPENDENT, TARGET, DEPENDS), "upgraded");

        Files.delete(record);
        Files.delete(Path.of(h.dkmsTree, "base/2.0/source"));
        Files.delete(Path.of(h.dkmsTree, "base/2.0"));
        assertTrue(versions.updated(DEPENDENT, TARGET, DEPENDS), "built by force, without a record");
    }
}
