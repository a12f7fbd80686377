package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BUILD_EXCLUSIVE_* and OBSOLETE_BY as DKMS 3.2.2 applies them (kernel 6.1.0-47-amd64, x86_64). */
class ExclusionTest {
    private static final String OK = "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n";

    @TempDir
    Path dir;

    private Set<Exclusion.Reason> reasons(String text) {
        return new Fixture(dir, OK + text).valid().plan().exclusion().reasons();
    }

    @Test
    void kernelRegex() {
        assertEquals(Set.of(), reasons("BUILD_EXCLUSIVE_KERNEL='^6\\.1\\.'\n"));
        assertEquals(Set.of(Exclusion.Reason.KERNEL), reasons("BUILD_EXCLUSIVE_KERNEL='^(5|4)\\.'\n"));
    }

    @Test
    void minAndMaxUseVer() {
        assertEquals(Set.of(), reasons("BUILD_EXCLUSIVE_KERNEL_MIN=6.1\nBUILD_EXCLUSIVE_KERNEL_MAX=6.1.0-47-amd64\n"));
        assertEquals(Set.of(Exclusion.Reason.KERNEL_MIN), reasons("BUILD_EXCLUSIVE_KERNEL_MIN=6.2\n"));
        assertEquals(Set.of(Exclusion.Reason.KERNEL_MAX), reasons("BUILD_EXCLUSIVE_KERNEL_MAX=6.1\n"),
                "6.1.0-47-amd64 sorts after 6.1");
    }

    @Test
    void obsoleteByBecomesKernelMaxUnlessOneIsSet() {
        DkmsConf conf = new Fixture(dir, OK + "OBSOLETE_BY=5.10\n").valid();
        assertEquals("5.10", conf.exclusive().kernelMax());
        assertEquals(Set.of(Exclusion.Reason.KERNEL_MAX), conf.plan().exclusion().reasons());
        assertEquals(Set.of(), reasons("OBSOLETE_BY=5.10\nBUILD_EXCLUSIVE_KERNEL_MAX=7\n"));
    }

    @Test
    void archRegex() {
        assertEquals(Set.of(), reasons("BUILD_EXCLUSIVE_ARCH='x86_64|i.86'\n"));
        assertEquals(Set.of(Exclusion.Reason.ARCH), reasons("BUILD_EXCLUSIVE_ARCH=aarch64\n"));
    }

    @Test
    void configNeedsYOrMAndBangForbids() {
        Fixture.write(dir.resolve("kbuild/.config"), "CONFIG_USB=m\nCONFIG_PCI=y\nCONFIG_X86_32=n\n# CONFIG_SND is not set\n");
        assertEquals(Set.of(), reasons("BUILD_EXCLUSIVE_CONFIG='CONFIG_USB CONFIG_PCI !CONFIG_X86_32 !CONFIG_SND'\n"));
        assertEquals(Set.of(Exclusion.Reason.CONFIG), reasons("BUILD_EXCLUSIVE_CONFIG='CONFIG_USB CONFIG_SND'\n"));
        assertEquals(Set.of(Exclusion.Reason.CONFIG), reasons("BUILD_EXCLUSIVE_CONFIG='!CONFIG_PCI'\n"));
    }

    @Test
    void configIsIgnoredWithoutAKernelConfig() {
        assertEquals(Set.of(), reasons("BUILD_EXCLUSIVE_CONFIG='CONFIG_NOPE'\n"));
    }

    @Test
    void perModuleValuesAreRecordedButIgnoredBy322() {
        DkmsConf conf = new Fixture(dir, OK + """
                BUILT_MODULE_NAME=(a b)
                DEST_MODULE_LOCATION=(/kernel /kernel)
                BUILD_EXCLUSIVE_KERNEL[1]='^4\\.'
                """).valid();
        assertEquals("^4\\.", conf.modules().get(1).exclusive().kernel());
        assertEquals(Set.of(), conf.plan().exclusion().reasons());
    }

    @Test
    void presetBuildExcludeIsHonoured() {
        assertEquals(Set.of(Exclusion.Reason.PRESET), reasons("build_exclude=yes\n"));
    }
}
