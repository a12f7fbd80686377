package org.kmodfarm.dkms;

import java.util.List;
import java.util.Objects;

/**
 * A dkms.conf as DKMS 3.2.2 understands it after reading it for one kernel and arch: every directive of the
 * 3.2.2 whitelist, with DKMS's defaults applied. Immutable.
 *
 * @param pkg                 PACKAGE_NAME, PACKAGE_VERSION
 * @param modules             one entry per module index, 0 to the highest index set in any of
 *                            BUILT_MODULE_NAME/LOCATION, DEST_MODULE_NAME/LOCATION; may be empty
 * @param make                every MAKE[i] with its MAKE_MATCH[i], in index order
 * @param patches             every PATCH[i] with its PATCH_MATCH[i], in index order
 * @param autoinstall         AUTOINSTALL is {@code yes} in any case
 * @param buildDepends        BUILD_DEPENDS, in index order
 * @param buildDependsRebuild BUILD_DEPENDS_REBUILD is {@code yes} in any case
 * @param exclusive           the package's BUILD_EXCLUSIVE_* (element 0), OBSOLETE_BY folded into an empty
 *                            {@code kernelMax} as DKMS does
 * @param obsoleteBy          OBSOLETE_BY as written, empty when unset (install also refuses kernels ≥ it)
 * @param noWeakModules       NO_WEAK_MODULES is {@code yes} in any case
 * @param scripts             PRE_BUILD … POST_REMOVE
 * @param deprecated          CLEAN, REMAKE_INITRD, MODULES_CONF*
 * @param plan                make command, patches and exclusion for the kernel the conf was read for
 */
public record DkmsConf(PackageInfo pkg, List<ModuleSpec> modules, List<ConditionalEntry> make,
        List<ConditionalEntry> patches, boolean autoinstall, List<String> buildDepends, boolean buildDependsRebuild,
        BuildExclusive exclusive, String obsoleteBy, boolean noWeakModules, Scripts scripts,
        DeprecatedDirectives deprecated, KernelPlan plan) {
    public DkmsConf {
        Objects.requireNonNull(pkg, "pkg");
        modules = List.copyOf(modules);
        make = List.copyOf(make);
        patches = List.copyOf(patches);
        buildDepends = List.copyOf(buildDepends);
        Objects.requireNonNull(exclusive, "exclusive");
        Objects.requireNonNull(obsoleteBy, "obsoleteBy");
        Objects.requireNonNull(scripts, "scripts");
        Objects.requireNonNull(deprecated, "deprecated");
        Objects.requireNonNull(plan, "plan");
    }
}
