package org.kmodfarm.core.doctor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.EngineInfo;

class DoctorTest {

    @Test
    void engineThatAnswersPassesAndOneThatDoesNotNamesTheFix() {
        CheckResult ok = Doctor.engine(() -> () -> new EngineInfo("20.10.24", "1.41", "linux", "amd64", "overlay2"));
        assertTrue(ok.ok());
        assertTrue(ok.detail().contains("API 1.41"));
        CheckResult down = Doctor.engine(() -> () -> {
            throw new InfraException("no engine at unix:///var/run/docker.sock", "");
        });
        assertFalse(down.ok());
        assertTrue(down.fix().contains("scripts/setup-docker"));
    }

    @Test
    void unreachableMirrorFails() {
        CheckResult r = Doctor.mirror("mirror", URI.create("http://127.0.0.1:9/debian"), "bookworm");
        assertFalse(r.ok());
        assertTrue(r.fix().contains("KMODFARM_MIRROR"), r.fix());
    }

    @Test
    void localMirrorFolderAndDiskAreChecked(@TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("dists/sid"));
        java.nio.file.Files.writeString(dir.resolve("dists/sid/Release"), "Suite: unstable\n");
        assertTrue(Doctor.mirror("mirror", dir.toUri(), "sid").ok());
        assertFalse(Doctor.mirror("mirror", dir.toUri(), "bookworm").ok());
        CheckResult disk = Doctor.disk(dir.resolve("not/yet/made"));
        assertTrue(disk.detail().contains("GiB free under " + dir), disk.detail());
    }
}
