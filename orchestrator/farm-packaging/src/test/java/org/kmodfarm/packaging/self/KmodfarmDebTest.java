package org.kmodfarm.packaging.self;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

class KmodfarmDebTest {
    static final Instant TIME = Instant.parse("2026-11-26T00:00:00Z");

    static PackageSpec spec() {
        return KmodfarmDeb.spec(new KmodfarmDeb.Inputs("0.1.0~snapshot", new byte[] {'P', 'K'}, new byte[] {'C'},
                Map.of("demo.yaml", "kernels: []\n".getBytes(StandardCharsets.UTF_8)),
                List.of(PackageFile.file("/etc/kernel/postinst.d/dkms", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8),
                        0755)), "#!/bin/sh\n# autoinstaller\n".getBytes(StandardCharsets.UTF_8),
                "#!/bin/sh\n# common\n".getBytes(StandardCharsets.UTF_8),
                Map.of("/usr/share/man/man8/dkms.8.gz", new byte[] {31}), "complete".getBytes(StandardCharsets.UTF_8),
                "Jane Doe <jane@example.org>", TIME));
    }

    @Test
    void mavenVersionsBecomeDebianVersionsThatSortBeforeTheRelease() {
        assertEquals("0.1.0~snapshot", KmodfarmDeb.debianVersion("0.1.0-SNAPSHOT"));
        assertEquals("1.2", KmodfarmDeb.debianVersion("1.2"));
        assertEquals("1.2~rc1", KmodfarmDeb.debianVersion("1.2-rc1"));
    }

    @Test
    void itTakesThePlaceOfDebiansDkms() {
        PackageSpec s = spec();
        assertEquals("kmodfarm", s.name());
        assertEquals(List.of(Relation.exactly("dkms", "3.2.2")), s.provides());
        assertEquals(List.of(Relation.of("dkms")), s.supersedes());
        assertTrue(s.depends().contains(Relation.of("java17-runtime-headless")), s.depends().toString());
    }

    @Test
    void theEntryPointsRunThePackagedJarAndEverythingLandsWhereDebiansDkmsPutsIt() {
        Map<String, PackageFile> files = spec().files().stream()
                .collect(Collectors.toMap(PackageFile::path, f -> f));
        String dkms = new String(files.get("/usr/sbin/dkms").content(), StandardCharsets.UTF_8);
        assertTrue(dkms.startsWith("#!/bin/sh\n") && dkms.contains("-cp /usr/share/kmodfarm/kmodfarm.jar "
                + "org.kmodfarm.cli.dkms.DkmsMain \"$@\""), dkms);
        assertTrue(dkms.contains("\"-Ddkms.argv0=$0\""), "DKMS's messages name the command as called: " + dkms);
        String kmodfarm = new String(files.get("/usr/bin/kmodfarm").content(), StandardCharsets.UTF_8);
        assertTrue(kmodfarm.contains("org.kmodfarm.cli.Main \"$@\""), kmodfarm);
        assertTrue(kmodfarm.contains(": \"${KMODFARM_HOME:=/usr/share/kmodfarm}\"\nexport KMODFARM_HOME\n"),
                "the farm finds its home as the ./kmodfarm launcher gives it: " + kmodfarm);
        assertFalse(dkms.contains("KMODFARM_HOME"), dkms);
        for (String path : List.of("/usr/sbin/dkms", "/usr/bin/kmodfarm", "/usr/lib/dkms/dkms_autoinstaller",
                "/usr/lib/dkms/common.postinst", "/etc/kernel/postinst.d/dkms")) {
            assertEquals(0755, files.get(path).mode(), path);
        }
        for (String path : List.of("/usr/share/kmodfarm/kmodfarm.jar", "/usr/share/kmodfarm/kmodfarm-cell.jar",
                "/usr/share/kmodfarm/kernel-matrix/demo.yaml", "/usr/share/man/man8/dkms.8.gz",
                "/usr/share/bash-completion/completions/kmodfarm")) {
            assertEquals(0644, files.get(path).mode(), path);
        }
        assertArrayEquals(new byte[] {'C'}, files.get("/usr/share/kmodfarm/kmodfarm-cell.jar").content());
        // KMODFARM_HOME/bin/dkms is where `kmodfarm hooks install` points the hooks by default
        assertEquals("../../../sbin/dkms", files.get("/usr/share/kmodfarm/bin/dkms").linkTarget());
        assertTrue(spec().scripts().values().iterator().next().contains("install -d -m 0755 /var/lib/dkms"));
    }
}
