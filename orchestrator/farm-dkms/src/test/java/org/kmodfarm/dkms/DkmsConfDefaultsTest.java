package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKMS 3.2.2's defaults and the make command / patch selection for the kernel read for. */
class DkmsConfDefaultsTest {
    private static final String OK = "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n";

    @TempDir
    Path dir;

    private DkmsConf conf(String text) {
        return new Fixture(dir, OK + text).valid();
    }

    @Test
    void singleModuleDefaultsToThePackageName() {
        DkmsConf conf = conf("DEST_MODULE_LOCATION[0]=\"/updates-dkms-test\"\nBUILT_MODULE_LOCATION=src\n");
        ModuleSpec m = conf.modules().get(0);
        assertEquals(new PackageInfo("foo", "1.0"), conf.pkg());
        assertEquals("foo", m.builtName());
        assertEquals("foo", m.destName());
        assertEquals("src/foo", m.builtPath());
        assertEquals("/updates/dkms", m.destLocation(), "Debian overrides the location");
        assertEquals("/updates-dkms-test", m.rawDestLocation());
        assertTrue(m.strip());
    }

    @Test
    void stripFollowsDkmsRules() {
        DkmsConf conf = conf("""
                BUILT_MODULE_NAME=(a b c d e)
                DEST_MODULE_LOCATION=(/kernel /kernel /kernel /kernel /kernel)
                STRIP=(No '' yes false)
                strip[3]=no
                """);
        assertEquals(List.of(false, false, true, false, false),
                conf.modules().stream().map(ModuleSpec::strip).toList(),
                "empty takes STRIP[0]'s decision; an unknown word keeps strip[i] as dkms.conf set it");
    }

    @Test
    void defaultMakeCommandAndBuildRewrite() {
        KernelPlan plan = conf("").plan();
        assertEquals("make -C " + dir.resolve("kbuild") + " M=/var/lib/dkms/foo/1.0/build", plan.makeCommand());
        assertEquals("make -j4 KERNELRELEASE=6.1.0-47-amd64 -C " + dir.resolve("kbuild")
                + " M=/var/lib/dkms/foo/1.0/build", plan.buildCommand(4));
        assertTrue(plan.buildCommand(0).startsWith("make -j KERNELRELEASE="));
        assertEquals("'make' -j2 modules", conf("MAKE=\"'make' -j2 modules\"\n").plan().buildCommand(8));
        assertEquals("make -j1 KERNELRELEASE=6.1.0-47-amd64self x",
                conf("MAKE='makeself x'\n").plan().buildCommand(1), "any leading 'make' text is rewritten");
    }

    @Test
    void makeMatchLastMatchWins() {
        DkmsConf conf = conf("""
                MAKE[0]="make zero"
                MAKE[1]="make six"; MAKE_MATCH[1]='^6\\.'
                MAKE[2]="make amd"; MAKE_MATCH[2]='amd64$'
                MAKE[3]="make five"; MAKE_MATCH[3]='^5\\.'
                """);
        assertEquals("make amd", conf.plan().makeCommand());
        assertEquals(List.of(new ConditionalEntry(0, "make zero", "", false),
                new ConditionalEntry(1, "make six", "^6\\.", true), new ConditionalEntry(2, "make amd", "amd64$", true),
                new ConditionalEntry(3, "make five", "^5\\.", false)), conf.make());
    }

    @Test
    void makeZeroIsIgnoredWhenItHasAMatchThatFails() {
        assertTrue(conf("MAKE[0]='make x'\nMAKE_MATCH[0]='^5'\n").plan().makeCommand().startsWith("make -C "));
        assertEquals("make x", conf("MAKE[0]='make x'\nMAKE_MATCH[0]='^6'\n").plan().makeCommand());
    }

    @Test
    void sparseMakeArrayOnlyCountsItsElements() {
        assertEquals("make zero", conf("MAKE[0]='make zero'\nMAKE[5]='make five'\nMAKE_MATCH[5]=.\n")
                .plan().makeCommand(), "DKMS walks indices below ${#MAKE[@]} = 2 only");
    }

    @Test
    void clangKernelsGetLlvm() {
        Fixture.write(dir.resolve("kbuild/.config"), "CONFIG_CC_IS_CLANG=y\n");
        assertEquals("make x LLVM=1", conf("MAKE='make x'\n").plan().makeCommand());
    }

    @Test
    void patchesFollowPatchMatchAndPresetPatchArray() {
        DkmsConf conf = conf("""
                PATCH=(all.patch six.patch five.patch)
                PATCH_MATCH[1]='^6'
                PATCH_MATCH[2]='^5'
                patch_array[4]=extra.patch
                """);
        assertEquals(List.of("all.patch", "six.patch", "extra.patch"), conf.plan().patches());
    }

    @Test
    void otherDirectives() {
        DkmsConf conf = conf("""
                AUTOINSTALL=YES
                BUILD_DEPENDS=(a b)
                BUILD_DEPENDS_REBUILD=no
                NO_WEAK_MODULES=yes
                PRE_BUILD="pre.sh ${kernelver}"
                POST_REMOVE=rm.sh
                REMAKE_INITRD=yes
                MODULES_CONF[1]='options foo x=1'
                """);
        assertTrue(conf.autoinstall());
        assertEquals(List.of("a", "b"), conf.buildDepends());
        assertFalse(conf.buildDependsRebuild());
        assertTrue(conf.noWeakModules());
        assertEquals(new Scripts("pre.sh 6.1.0-47-amd64", "", "", "", "", "rm.sh"), conf.scripts());
        assertEquals("yes", conf.deprecated().remakeInitrd().scalar());
        assertEquals("options foo x=1", conf.deprecated().modulesConf().get(1));
    }
}
