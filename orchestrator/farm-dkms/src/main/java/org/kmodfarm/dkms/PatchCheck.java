package org.kmodfarm.dkms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checks DKMS 3.2.2's build makes on each entry of {@code patch_array} just before applying it (so the
 * patches before a bad one are already applied when the build stops).
 */
public final class PatchCheck {
    /** DKMS's exit code for a patch path with {@code ..} or a missing patch file. */
    public static final int BAD_PATCH = 5;

    private PatchCheck() {
    }

    /**
     * A failure DKMS reports from its build, with the lines it prints to standard error.
     *
     * @param messages the lines, starting with DKMS's empty line before {@code Error!}
     * @param exitCode DKMS's exit code
     */
    public record Failure(List<String> messages, int exitCode) {
        public Failure {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Checks one patch. A {@code ..} component is refused only where DKMS sees it: when {@code patches/<patch>}
     * contains {@code /../}, so a trailing {@code sub/..} passes this check.
     *
     * @param buildDir DKMS's {@code <dkms_tree>/<module>/<version>/build}, holding {@code patches/}
     * @return the failure, or empty when DKMS goes on to apply the patch
     */
    public static Optional<Failure> check(String patch, Path buildDir) {
        if (("patches/" + patch).contains("/../")) {
            return Optional.of(new Failure(List.of("",
                    "Error! Patch " + patch + " as specified in dkms.conf contains '..' path component."), BAD_PATCH));
        }
        if (!Files.exists(Path.of(buildDir + "/patches/" + patch))) {
            return Optional.of(new Failure(List.of("", "Error! Patch " + patch + " as specified in dkms.conf cannot be",
                    "found in " + buildDir + "/patches/."), BAD_PATCH));
        }
        return Optional.empty();
    }
}
