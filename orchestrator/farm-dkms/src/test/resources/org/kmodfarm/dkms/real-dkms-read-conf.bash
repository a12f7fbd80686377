# Test oracle for RealDkmsConfParityIT: runs DKMS 3.2.2's own read_conf_strict_or_die — the real code from
# dkms.in, not a re-implementation — on one dkms.conf for one kernel/arch, and prints what it decided.
#
# usage: bash real-dkms-read-conf.bash DKMS_IN CONF MODULE VERSION KERNEL ARCH DKMS_TREE SOURCE_TREE INSTALL_TREE
#
# How: dkms.in is turned into the dkms script as its Makefile does (the sed substitutions of @…@), and
# everything before the action dispatch (`case "$action" in`, the last top-level statement) is run
# unchanged: the function definitions, DKMS's global setup (os-release, framework.conf, module-init-tools)
# and its own option parsing of `dkms build -m MODULE -v VERSION -k KERNEL/ARCH -c CONF --dkmstree …`.
# Instead of build_module, the appended tail calls read_conf_strict_or_die exactly as build_module does
# (prepare_build: `read_conf_strict_or_die "$kernelver" "$arch"`, the conf coming from -c), then prints.
# running_distribution is pinned to "debian" so the oracle is Debian's dkms whatever host runs the test.
#
# Output (stdout), one KEY=VALUE per line, in this order; the Java side renders kmodfarm's model the same way:
#   package, version, modules (num_modules), then per module i: built[i] (location+name),
#   dest[i] (dest_module_location + "/" + dest_module_name), strip[i]; make (make_command),
#   patch[i] (patch_array), clean[i] (CLEAN), build_exclude (yes/no), exclusive.* (BUILD_EXCLUSIVE_*
#   as read), obsolete_by, autoinstall/no_weak_modules/build_depends_rebuild (yes/no after DKMS's
#   yes/no check), build_depends[i], pre_build … post_remove.
# Stderr is DKMS's (dkms.conf's own stderr, deprecation warnings, dkms.conf errors); a refused conf exits
# with DKMS's code (8) and prints nothing on stdout.
set -u
dkms_in=$1 conf=$2 module=$3 version=$4 kernel=$5 arch=$6 dkms_tree=$7 source_tree=$8 install_tree=$9

substitute() {
    # DKMS's Makefile: RELEASE_STRING = dkms-3.2.2, MODDIR = /lib/modules, …
    sed -e 's,@RELEASE_STRING@,dkms-3.2.2,g' \
        -e 's,@RELEASE_DATE@,"12 Sep 2025",g' \
        -e 's,@SBINDIR@,/usr/sbin,g' \
        -e 's,@KCONFDIR@,/etc/kernel,g' \
        -e 's,@MODDIR@,/lib/modules,g' \
        -e 's,@LIBDIR@,/usr/lib/dkms,g' "$1"
}

dispatch_line=$(grep -n '^case "\$action" in$' "$dkms_in" | tail -n 1 | cut -d: -f1)
if [[ ! $dispatch_line ]]; then
    echo "real-dkms-read-conf: no action dispatch found in $dkms_in" >&2
    exit 99
fi

# shellcheck disable=SC2016
tail_code='
running_distribution=debian
read_conf_strict_or_die "${kernelver[0]}" "${arch[0]}"
kf_yes() { if [[ $1 ]]; then echo yes; else echo no; fi; }
echo "package=$package_name"
echo "version=$package_version"
echo "modules=$num_modules"
for ((kf_i = 0; kf_i < num_modules; kf_i++)); do
    echo "built[$kf_i]=${built_module_location[kf_i]}${built_module_name[kf_i]}"
    echo "dest[$kf_i]=${dest_module_location[kf_i]}/${dest_module_name[kf_i]}"
    echo "strip[$kf_i]=${strip[kf_i]}"
done
echo "make=$make_command"
for kf_i in "${!patch_array[@]}"; do echo "patch[$kf_i]=${patch_array[kf_i]}"; done
for kf_i in "${!CLEAN[@]}"; do echo "clean[$kf_i]=${CLEAN[kf_i]}"; done
echo "build_exclude=$(kf_yes "${build_exclude:-}")"
echo "exclusive.kernel=${BUILD_EXCLUSIVE_KERNEL:-}"
echo "exclusive.kernel_min=${BUILD_EXCLUSIVE_KERNEL_MIN:-}"
echo "exclusive.kernel_max=${BUILD_EXCLUSIVE_KERNEL_MAX:-}"
echo "exclusive.arch=${BUILD_EXCLUSIVE_ARCH:-}"
echo "exclusive.config=${BUILD_EXCLUSIVE_CONFIG:-}"
echo "obsolete_by=$obsolete_by"
echo "autoinstall=$(kf_yes "${AUTOINSTALL:-}")"
echo "no_weak_modules=$(kf_yes "${NO_WEAK_MODULES:-}")"
echo "build_depends_rebuild=$(kf_yes "${BUILD_DEPENDS_REBUILD:-}")"
for kf_i in "${!BUILD_DEPENDS[@]}"; do echo "build_depends[$kf_i]=${BUILD_DEPENDS[kf_i]}"; done
echo "pre_build=$pre_build"
echo "post_build=$post_build"
echo "post_add=$post_add"
echo "pre_install=$pre_install"
echo "post_install=$post_install"
echo "post_remove=$post_remove"
exit 0
'

script="$(substitute "$dkms_in" | head -n $((dispatch_line - 1)))
$tail_code"

exec bash -c "$script" /usr/sbin/dkms build -m "$module" -v "$version" -k "$kernel/$arch" -c "$conf" \
    --dkmstree "$dkms_tree" --sourcetree "$source_tree" --installtree "$install_tree"
