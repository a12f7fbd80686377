package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sourcing with real bash: the shell features real dkms.conf files use, and DKMS's first-pass rules. */
class ConfEvaluatorTest {
    @TempDir
    Path dir;

    private Evaluation.Sourced eval(String text) {
        return new Fixture(dir, text).evaluate();
    }

    @Test
    void plainAssignmentsAreElementZero() {
        Evaluation.Sourced e = eval("PACKAGE_NAME=\"foo\"\nPACKAGE_VERSION=1.0\n");
        assertEquals("foo", e.get("PACKAGE_NAME").scalar());
        assertEquals(Map.of(0, "1.0"), e.get("PACKAGE_VERSION").elements());
        assertTrue(e.messages().isEmpty());
    }

    @Test
    void arrayLiteralsAndSparseArraysKeepTheirIndices() {
        Evaluation.Sourced e = eval("PATCH=(a.patch b.patch)\nBUILT_MODULE_NAME[1]=x\nBUILT_MODULE_NAME[3]=y\n");
        assertEquals(List.of("a.patch", "b.patch"), e.get("PATCH").values());
        assertEquals(Map.of(1, "x", 3, "y"), e.get("BUILT_MODULE_NAME").elements());
    }

    @Test
    void oneTrailingCarriageReturnIsStripped() {
        Evaluation.Sourced e = eval("PACKAGE_NAME=\"foo\"\r\nPACKAGE_VERSION=\"1.0\r\"\r\n");
        assertEquals("foo", e.get("PACKAGE_NAME").scalar());
        assertEquals("1.0\r", e.get("PACKAGE_VERSION").scalar(), "only the last CR goes");
    }

    @Test
    void commandSubstitutionBackticksCaseAndExtglobWork() {
        Evaluation.Sourced e = eval("""
                PACKAGE_NAME=$(echo foo)
                PACKAGE_VERSION=`echo 2.0`
                case "$kernelver" in 6.*) MAKE[0]="make six";; *) MAKE[0]="make other";; esac
                [[ $arch == x86_64 ]] && STRIP[0]=no
                v=yes
                [[ ${v,,} == @(y|yes) ]] && AUTOINSTALL=yes
                """);
        assertEquals("foo", e.get("PACKAGE_NAME").scalar());
        assertEquals("2.0", e.get("PACKAGE_VERSION").scalar());
        assertEquals("make six", e.get("MAKE").scalar());
        assertEquals("no", e.get("STRIP").scalar());
        assertEquals("yes", e.get("AUTOINSTALL").scalar());
    }

    @Test
    void contextVariablesAreVisible() {
        Fixture f = new Fixture(dir, """
                PACKAGE_NAME=foo
                MAKE[0]="make KVER=${kernelver} ARCH=${arch} M=${dkms_tree}/${PACKAGE_NAME}/${module_version}/build"
                POST_BUILD="x ${kernel_source_dir} ${source_tree} ${install_tree} ${module} $suffix"
                """);
        f.context = f.context.withVariables(Map.of("suffix", ".ko.xz"), f.context.environment());
        Evaluation.Sourced e = f.evaluate();
        assertEquals("make KVER=6.1.0-47-amd64 ARCH=x86_64 M=/var/lib/dkms/foo/1.0/build", e.get("MAKE").scalar());
        assertEquals("x " + dir.resolve("kbuild") + " /usr/src /lib/modules foo .ko.xz", e.get("POST_BUILD").scalar());
    }

    @Test
    void valuesAreExpandedASecondTime() {
        Evaluation.Sourced e = eval("MAKE[0]='make HOME=$HOME'\nPOST_ADD=\"\\`echo dbl\\`\"\nPRE_BUILD='a   b\nc'\n");
        assertEquals("make HOME=/home/fixture", e.get("MAKE").scalar());
        assertEquals("dbl", e.get("POST_ADD").scalar());
        assertEquals("a b c", e.get("PRE_BUILD").scalar(), "echo of the unquoted value collapses blanks");
    }

    @Test
    void secondExpansionSeesEarlierWhitelistedNamesOnly() {
        Evaluation.Sourced e = eval("PACKAGE_NAME=foo\nMAKE='m $PACKAGE_NAME'\nPACKAGE_VERSION='v$MAKE'\n");
        assertEquals("m foo", e.get("MAKE").scalar());
        assertEquals("v", e.get("PACKAGE_VERSION").scalar(), "MAKE is re-assigned after PACKAGE_VERSION");
    }

    @Test
    void unquotedValueIsGlobbedInTheCallersCwd() {
        Fixture.write(dir.resolve("only-file.c"), "");
        Evaluation.Sourced e = eval("POST_ADD='x * y'\n");
        assertTrue(e.get("POST_ADD").scalar().contains("only-file.c"), e.get("POST_ADD").scalar());
    }

    @Test
    void nonWhitelistedNamesFunctionsCdAndExitDoNotLeak() {
        Evaluation.Sourced e = eval("""
                PACKAGE_NAME=foo
                PACKAGE_CONFIG=ignored
                do_status() { echo hijack; }
                cd /
                echo to-stdout
                echo to-stderr >&2
                """);
        assertEquals(List.of("PACKAGE_NAME"), List.copyOf(e.variables().keySet()));
        assertEquals(List.of("to-stderr"), e.messages());
        Evaluation.Sourced exited = eval("PACKAGE_NAME=foo\nexit 3\n");
        assertTrue(exited.variables().isEmpty(), "exit leaves the subshell before anything is printed");
    }

    @Test
    void dkmsDirectiveLetsAnyNameThrough() {
        Evaluation.Sourced e = eval("DKMS_DIRECTIVE1=PACKAGE_NAME=legacy\nDKMS_DIRECTIVE2=MAKE=a=b=c\n");
        assertEquals("legacy", e.get("PACKAGE_NAME").scalar());
        assertEquals("a", e.get("MAKE").scalar(), "cut -f 2-3 keeps the name and the first =-field of the value");
    }

    @Test
    void etcOverridesAreSourcedInOrderAndSeeEarlierValues() {
        Fixture f = new Fixture(dir, "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n");
        Fixture.write(f.etc.resolve("foo.conf"), "PACKAGE_VERSION=${PACKAGE_VERSION}-etc\n");
        Fixture.write(f.etc.resolve("foo-1.0-" + Fixture.KERNEL + "-x86_64.conf"), "MAKE=kernel-arch\n");
        Fixture.write(f.etc.resolve("foo--" + Fixture.KERNEL + ".conf"), "MAKE=\"$MAKE any-version\"\n");
        Evaluation.Sourced e = f.evaluate();
        assertEquals("1.0-etc", e.get("PACKAGE_VERSION").scalar());
        assertEquals("kernel-arch any-version", e.get("MAKE").scalar());
    }

    @Test
    void strictModePrintsDeprecationsPerSourcedFile() {
        Fixture f = new Fixture(dir, "CLEAN=\"make clean\"\nREMAKE_INITRD=no\nMODULES_CONF[0]=x\n");
        Fixture.write(f.etc.resolve("foo.conf"), "CLEAN=true\n");
        Evaluation e = f.evaluate(ReadMode.STRICT);
        assertEquals(List.of("Deprecated feature: CLEAN (" + f.conf + ")",
                "Deprecated feature: REMAKE_INITRD (" + f.conf + ")",
                "Deprecated feature: MODULES_CONF (" + f.conf + ")",
                "Deprecated feature: REMAKE_INITRD (" + f.etc.resolve("foo.conf") + ")",
                "Deprecated feature: MODULES_CONF (" + f.etc.resolve("foo.conf") + ")"), e.messages());
        assertTrue(f.evaluate(ReadMode.NORMAL).messages().isEmpty());
    }

    @Test
    void unreadableConfAndExitDuringSecondExpansionAreReported() {
        Fixture f = new Fixture(dir, "");
        f.context = EvaluationContext.defaults(dir.resolve("missing.conf").toString(), "foo", "1.0", "k", "a")
                .withEtcDir(f.etc.toString()).withWorkingDirectory(dir.toString());
        assertInstanceOf(Evaluation.Unreadable.class, f.evaluate(ReadMode.NORMAL));
        Evaluation exited = new Fixture(dir, "MAKE='\"; exit 5; \"'\n").evaluate(ReadMode.NORMAL);
        assertEquals(5, assertInstanceOf(Evaluation.Exited.class, exited).exitCode());
    }

    @Test
    void kernelFactsComeFromBash() {
        Fixture f = new Fixture(dir, """
                MAKE_MATCH=('^6\\.' '^5\\.' '[[:digit:]]+-amd64$' '')
                BUILD_EXCLUSIVE_ARCH='x86_64|i.86'
                BUILD_EXCLUSIVE_CONFIG='CONFIG_USB !CONFIG_X86_32 CONFIG_MISSING'
                """);
        Fixture.write(dir.resolve("kbuild/.config"), "CONFIG_USB=m\nCONFIG_X86_32=n\nCONFIG_CC_IS_CLANG=y\n");
        KernelFacts facts = f.evaluate().facts();
        assertEquals(Map.of(0, true, 1, false, 2, true, 3, false), facts.makeMatch());
        assertEquals(Map.of(0, true), facts.exclusiveArch());
        assertEquals(List.of(new KernelFacts.ConfigProbe("CONFIG_USB", true),
                new KernelFacts.ConfigProbe("!CONFIG_X86_32", false),
                new KernelFacts.ConfigProbe("CONFIG_MISSING", false)), facts.config());
        assertTrue(facts.llvm());
        assertFalse(new Fixture(dir.resolve("sub"), "").evaluate().facts().llvm());
    }
}
