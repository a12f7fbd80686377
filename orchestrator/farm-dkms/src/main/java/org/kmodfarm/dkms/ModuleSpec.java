package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * One kernel module of the package: index {@code i} of the BUILT_/DEST_MODULE_*, STRIP and (3.3+)
 * BUILD_EXCLUSIVE_* arrays, after DKMS 3.2.2's defaults.
 *
 * @param index           the array index, DKMS's "record #i"
 * @param builtName       BUILT_MODULE_NAME[i]; PACKAGE_NAME when the package has exactly one module and it is unset
 * @param builtLocation   BUILT_MODULE_LOCATION[i] with a {@code /} appended when missing; empty = build root
 * @param destName        DEST_MODULE_NAME[i], defaulting to the built name
 * @param destLocation    where DKMS installs it: DEST_MODULE_LOCATION[i] after {@link DestinationPolicy}
 * @param rawDestLocation DEST_MODULE_LOCATION[i] as written (uninstall also looks there)
 * @param strip           whether DKMS runs {@code strip -g}: everything but a STRIP value starting with n/N
 *                        (an empty STRIP[i] takes STRIP[0]'s decision)
 * @param exclusive       BUILD_EXCLUSIVE_*[i] as written; DKMS 3.2.2 ignores them for i &gt; 0 (per-module
 *                        exclusion arrived in 3.3), element 0 is the package's
 */
public record ModuleSpec(int index, String builtName, String builtLocation, String destName, String destLocation,
        String rawDestLocation, boolean strip, BuildExclusive exclusive) {
    public ModuleSpec {
        Objects.requireNonNull(builtName, "builtName");
        Objects.requireNonNull(builtLocation, "builtLocation");
        Objects.requireNonNull(destName, "destName");
        Objects.requireNonNull(destLocation, "destLocation");
        Objects.requireNonNull(rawDestLocation, "rawDestLocation");
        Objects.requireNonNull(exclusive, "exclusive");
    }

    /** The built module's path relative to the build root, without suffix: location then name. */
    public String builtPath() {
        return builtLocation + builtName;
    }
}
