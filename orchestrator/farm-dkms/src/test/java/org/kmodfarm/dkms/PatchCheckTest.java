package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messages of upstream's dkms_conf_test_patch_badpath1/2 and patch_missing fixtures. */
class PatchCheckTest {
    @TempDir
    Path build;

    @Test
    void dotDotComponentsExitFive() {
        for (String patch : List.of("../badpath.patch", "subdir/../badpath.patch")) {
            assertEquals(Optional.of(new PatchCheck.Failure(List.of("",
                    "Error! Patch " + patch + " as specified in dkms.conf contains '..' path component."), 5)),
                    PatchCheck.check(patch, build));
        }
    }

    @Test
    void missingPatchExitsFive() {
        assertEquals(Optional.of(new PatchCheck.Failure(List.of("",
                "Error! Patch missing.patch as specified in dkms.conf cannot be",
                "found in " + build + "/patches/."), 5)), PatchCheck.check("missing.patch", build));
    }

    @Test
    void presentPatchPasses() {
        Fixture.write(build.resolve("patches/sub/ok.patch"), "");
        assertEquals(Optional.empty(), PatchCheck.check("sub/ok.patch", build));
        assertEquals(Optional.empty(), PatchCheck.check("sub/..", build), "no '/../' in patches/sub/..");
    }
}
