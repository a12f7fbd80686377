package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKMS 3.2.2's parsing and sanity checks: texts and exit codes from dkms.in's parser and show_usage. */
class DkmsArgsTest {
    @TempDir
    Path tmp;
    DkmsHarness h;
    String usage;

    @BeforeEach
    void setUp() {
        h = new DkmsHarness(tmp);
        usage = Usage.text("/usr/sbin/dkms");
    }

    @Test
    void helpAndVersion() {
        assertEquals(new DkmsHarness.Result(0, usage), h.raw("--help"));
        assertEquals(new DkmsHarness.Result(0, usage), h.raw("-h", "--bogus"));
        assertEquals(new DkmsHarness.Result(0, "dkms-3.2.2\n"), h.raw("-V"));
        assertEquals("Usage: /usr/sbin/dkms [action] [options]", usage.lines().findFirst().orElseThrow());
        assertEquals(12, usage.lines().count());
    }

    @Test
    void unknownOptionPrintsErrorThenUsageAndExits2() {
        assertEquals(new DkmsHarness.Result(2, "\nError! Unknown option: -x\n" + usage), h.raw("status", "-x"));
    }

    @Test
    void unknownWordIsAModuleAndTheEmptyActionExits0() {
        assertEquals(new DkmsHarness.Result(0, "\nError! Unknown action specified: \"\"\n" + usage),
                h.dkms("foo"));
        assertEquals(new DkmsHarness.Result(0, "Warning: I do not know how to handle bar.\n"
                + "\nError! Unknown action specified: \"\"\n" + usage), h.dkms("foo", "bar"));
    }

    @Test
    void sanityChecksInDkmsOrder() {
        assertEquals(new DkmsHarness.Result(4, "\nError! Cannot specify more than one action.\n"),
                h.raw("add", "remove"));
        assertEquals(new DkmsHarness.Result(8, "\nError! You have specified both --binaries-only and --source-only.\n"
                + "You cannot do this.\n"), h.raw("status", "--binaries-only", "--source-only"));
        assertEquals(new DkmsHarness.Result(1, "\nError! If more than one arch is specified on the command line, then"
                + " there\nmust be an equal number of kernel versions also specified (1:1 relationship).\n"),
                h.raw("status", "-a", "x86_64", "-a", "i686"));
        assertEquals(new DkmsHarness.Result(2, "\nError! You cannot specify a kernel version and also specify\n"
                + "--all on the command line.\n"), h.raw("remove", "-k", "6.1", "--all"));
        assertEquals(new DkmsHarness.Result(3, "\nError! You cannot specify an arch and also specify\n"
                + "--all on the command line.\n"), h.raw("remove", "-a", "x86_64", "--all"));
        assertEquals(new DkmsHarness.Result(5, "\nError! The action add does not support the --all parameter.\n"),
                h.dkms("add", "--all", "-m", "dkms_test", "-v", "1.0"));
    }

    @Test
    void moduleArgumentsAreRequiredAndNamedTheVerbsWay() {
        assertEquals(new DkmsHarness.Result(1, "\nError! Arguments <module> and <module-version> are not specified.\n"
                + "Usage: remove <module>/<module-version> or\n"
                + "       remove -m <module>/<module-version> or\n"
                + "       remove -m <module> -v <module-version>\n"), h.dkms("remove", "-m", "dkms_test"));
        assertEquals(new DkmsHarness.Result(3,
                "\nError! The module/version combo: dkms_test/1.0 is not located in the DKMS tree.\n"),
                h.dkms("unbuild", "--module=dkms_test/1.0"));
    }

    @Test
    void missingOsReleaseStopsEveryCommandWith4() {
        Host bare = new Host("6.1", "x86_64", true, Optional.empty(), "", h.host.environment(),
                tmp.toString(), "dkms");
        var out = new java.io.ByteArrayOutputStream();
        var both = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(4, new DkmsCommand(bare, DkmsProfile.HOST, new Console(both, both)).run(new String[] {"status"}));
        assertEquals("\nError! System is missing os-release file.\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void buildRefusesAllAsDkmsDoes() {
        assertEquals(new DkmsHarness.Result(5, "\nError! The action build does not support the --all parameter.\n"),
                h.dkms("build", "--all", "-m", "dkms_test", "-v", "1.0"));
    }

    @Test
    void quietSilencesEverything() {
        assertEquals(new DkmsHarness.Result(2, ""), h.dkms("-q", "add", "-m", "dkms_test", "-v", "1.0"));
    }

    @Test
    void statusJsonForTools() {
        h.writeTestModule();
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(DkmsHarness.KERNEL);
        String json = h.dkms("status", "--json").output();
        assertEquals("[ {\n  \"module\" : \"dkms_test\",\n  \"version\" : \"1.0\",\n  \"kernel\" : \""
                + DkmsHarness.KERNEL + "\",\n  \"arch\" : \"x86_64\",\n  \"state\" : \"built\",\n  \"notes\" : [ ]\n} ]\n",
                json);
    }
}
