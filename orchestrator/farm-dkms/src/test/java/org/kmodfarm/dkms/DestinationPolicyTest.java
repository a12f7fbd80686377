package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationPolicyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "debian, /updates/dkms", "ubuntu, /updates/dkms", "'ubuntu debian', /updates/dkms", "arch, /updates/dkms",
        "fedora, /extra", "'rhel centos fedora', /extra", "ovm, /extra", "'centos', /kernel/extra",
        "suse, /updates", "sles, /updates", "'opensuse suse', /updates", "alpine, /kernel/extra",
        "gentoo, /kernel/extra", "'', /kernel/extra",
    })
    void overridesByDistribution(String distribution, String expected) {
        assertEquals(expected, new DestinationPolicy(distribution, "").override("/kernel/extra"));
    }

    @Test
    void addonModulesDirWinsEverywhere() {
        assertEquals("/addon", new DestinationPolicy("alpine", "addon").override("/kernel/extra"));
        assertEquals("/addon", new DestinationPolicy("debian", "addon").override("/kernel/extra"));
    }

    private Optional<String> distribution(String osRelease) {
        Fixture.write(dir.resolve("os-release"), osRelease);
        return DestinationPolicy.runningDistribution(List.of(dir.resolve("missing"), dir.resolve("os-release")));
    }

    @Test
    void runningDistributionFromOsRelease() {
        assertEquals(Optional.of("ubuntu"), distribution("ID=ubuntu\nID_LIKE=debian\n"));
        assertEquals(Optional.of("rhel centos fedora"),
                distribution("NAME=\"AlmaLinux\"\nID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\n"));
        assertEquals(Optional.of("debian"), distribution("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"));
        assertEquals(Optional.of("alpine"), distribution("ID=alpine\n"));
        assertEquals(Optional.of("suse opensuse"), distribution("ID='opensuse-leap'\nID_LIKE='suse opensuse'\n"));
        assertEquals(Optional.of(""), distribution("ID=foo\nID_LIKE=\n"), "an empty ID_LIKE still counts");
        assertEquals(Optional.empty(), DestinationPolicy.runningDistribution(List.of(dir.resolve("none"))));
    }

    @Test
    void addonModulesDirFromEnvironmentThenSysconfig() {
        Path tools = dir.resolve("module-init-tools");
        assertEquals("", DestinationPolicy.addonModulesDir(Map.of(), tools));
        Fixture.write(tools, "# comment\nADDON_MODULES_DIR=\"updates/addon\"\n");
        assertEquals("updates/addon", DestinationPolicy.addonModulesDir(Map.of(), tools));
        assertEquals("env", DestinationPolicy.addonModulesDir(Map.of("ADDON_MODULES_DIR", "env"), tools));
    }

    @Test
    void readerAppliesThePolicyPerDistribution() {
        Fixture f = new Fixture(dir, "PACKAGE_NAME=foo\nPACKAGE_VERSION=1\nDEST_MODULE_LOCATION=/kernel/drivers\n");
        for (String[] c : new String[][] {{"fedora", "/extra"}, {"suse", "/updates"}, {"alpine", "/kernel/drivers"}}) {
            ReadResult.Valid valid = (ReadResult.Valid) f.read(ReadMode.STRICT, new DestinationPolicy(c[0], ""));
            assertEquals(c[1], valid.conf().modules().get(0).destLocation());
        }
    }
}
