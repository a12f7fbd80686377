# kmodfarm: evaluates one dkms.conf (and its /etc/dkms overrides) with the semantics of DKMS 3.2.2's
# read_conf, and reports what it found as NUL-terminated records of four fields: KIND NAME INDEX VALUE.
#   V NAME I VALUE   element I of the whitelisted variable NAME, after the second expansion
#   M NAME I 0|1     the kernel (MAKE_MATCH, PATCH_MATCH, BUILD_EXCLUSIVE_KERNEL) or the arch
#                    (BUILD_EXCLUSIVE_ARCH) matches element I of NAME as a bash =~ regex
#   C WORD I 0|1     word I of BUILD_EXCLUSIVE_CONFIG is set to y or m in the kernel config
#   L llvm 0 0|1     the kernel was built with clang (DKMS then appends LLVM=1 to the make command)
#   U conf 0 0       the dkms.conf is not readable; nothing else is reported
#   E end 0 0        evaluation finished; a missing E means a value's second expansion exited the shell
# Stdout carries only these records; dkms.conf's own stdout is discarded and its stderr passes through,
# as in DKMS. Positional parameters: mode (strict|normal) conf etc-dir kernelver arch kernel_source_dir
# kernel_config dkms_tree source_tree install_tree module module_version whitelist [NAME=VALUE...].
# Only the variables DKMS also has are set here; everything else starts with kf_ to stay out of the way.

shopt -s extglob
umask 022
unset CC CXX CFLAGS CXXFLAGS LDFLAGS

kf_mode=$1 kf_conf=$2 kf_etc=$3 kf_kernel=$4 kf_arch=$5
kernelver=$4 arch=$5 kernel_source_dir=$6 kernel_config=$7
dkms_tree=$8 source_tree=$9 install_tree=${10} module=${11} module_version=${12}
kf_names=${13}
# Split now, with the default IFS: a dkms.conf may change IFS before the list is walked.
read -ra kf_list <<<"$kf_names"
shift 13
for kf_pair in "$@"; do
    printf -v "${kf_pair%%=*}" '%s' "${kf_pair#*=}"
done
kf_cr=$'\r'

kf_record() {
    printf '%s\0%s\0%s\0%s\0' "$1" "$2" "$3" "$4"
}

# Prints NAME[I]="VALUE" lines for the re-sourcing step. The value is deliberately left unquoted on
# echo's command line: DKMS does the same, so word splitting (runs of blanks collapse to one space)
# and pathname expansion in the caller's cwd happen here exactly as they do there.
kf_print_definitions() {
    local kf_n kf_i kf_v kf_d
    for kf_n in "${kf_list[@]}"; do
        # Unquoted on purpose, like DKMS: the indices are split with whatever IFS dkms.conf left.
        for kf_i in $(eval "echo \${!$kf_n[@]}"); do
            eval "kf_v=\${$kf_n[\$kf_i]%\$kf_cr}"
            # shellcheck disable=SC2086
            echo $kf_n[$kf_i]=\"$kf_v\"
        done
    done
    # Legacy: DKMS_DIRECTIVE*=NAME=VALUE lets any NAME through, taken from `set` output like DKMS.
    for kf_d in $(set | grep '^DKMS_DIRECTIVE' | cut -d = -f 2-3); do
        echo "${kf_d%%=*}=\"${kf_d#*=}\""
    done
}

kf_deprecated() {
    local kf_n kf_count
    if (( ${#CLEAN[@]} )); then
        case "$CLEAN" in
            true|/bin/true|/usr/bin/true) ;;
            *) echo "Deprecated feature: CLEAN ($1)" >&2 ;;
        esac
    fi
    for kf_n in REMAKE_INITRD MODULES_CONF MODULES_CONF_OBSOLETES MODULES_CONF_ALIAS_TYPE \
            MODULES_CONF_OBSOLETE_ONLY; do
        eval "kf_count=\${#$kf_n[@]}"
        (( kf_count )) && echo "Deprecated feature: $kf_n ($1)" >&2
    done
}

# Called as DKMS calls its sourcing helper, so that the file sees the same positional parameters:
# after the shift, $1 is the whitelist.
kf_source() {
    local kf_file kf_tmp
    kf_file=$1
    shift
    kf_tmp=$(mktemp) || exit 1
    (
        exec >"$kf_tmp"
        # shellcheck disable=SC1090
        . "$kf_file" >/dev/null
        kf_print_definitions
    )
    # shellcheck disable=SC1090
    . "$kf_tmp"
    rm -f "$kf_tmp"
    [[ $kf_mode == strict ]] && kf_deprecated "$kf_file"
}

kf_report() {
    local kf_n kf_i kf_w kf_ord=0
    for kf_n in "${kf_list[@]}"; do
        for kf_i in $(eval "echo \"\${!$kf_n[@]}\""); do
            eval "kf_record V \"\$kf_n\" \"\$kf_i\" \"\${$kf_n[kf_i]}\""
        done
    done
    for kf_n in MAKE_MATCH PATCH_MATCH BUILD_EXCLUSIVE_KERNEL BUILD_EXCLUSIVE_ARCH; do
        kf_w=$kf_kernel
        [[ $kf_n == BUILD_EXCLUSIVE_ARCH ]] && kf_w=$kf_arch
        for kf_i in $(eval "echo \"\${!$kf_n[@]}\""); do
            eval "[[ -n \${$kf_n[kf_i]} && \$kf_w =~ \${$kf_n[kf_i]} ]]" && kf_record M "$kf_n" "$kf_i" 1 \
                || kf_record M "$kf_n" "$kf_i" 0
        done
    done
    if [[ $BUILD_EXCLUSIVE_CONFIG && -e $kernel_config ]]; then
        for kf_w in $BUILD_EXCLUSIVE_CONFIG; do
            grep -q "^${kf_w#!}=[ym]" "$kernel_config" && kf_record C "$kf_w" $((kf_ord++)) 1 \
                || kf_record C "$kf_w" $((kf_ord++)) 0
        done
    fi
    kf_w=0
    if [[ -e $kernel_source_dir/vmlinux ]]; then
        readelf -p .comment "$kernel_source_dir/vmlinux" 2>&1 | grep -q clang && kf_w=1
    elif [[ -e $kernel_config ]]; then
        grep -q CONFIG_CC_IS_CLANG=y "$kernel_config" && kf_w=1
    fi
    kf_record L llvm 0 "$kf_w"
}

if [[ ! -r $kf_conf ]]; then
    kf_record U conf 0 0
    kf_record E end 0 0
    exit 0
fi
for kf_n in "${kf_list[@]}"; do
    unset "$kf_n"
done
for kf_f in "$kf_conf" "$kf_etc/$module.conf" "$kf_etc/$module-$module_version.conf" \
        "$kf_etc/$module-$module_version-$kf_kernel.conf" \
        "$kf_etc/$module-$module_version-$kf_kernel-$kf_arch.conf" \
        "$kf_etc/$module--$kf_kernel.conf" "$kf_etc/$module--$kf_kernel-$kf_arch.conf"; do
    [[ -e $kf_f ]] && kf_source "$kf_f" "$kf_names"
done
kf_report
kf_record E end 0 0
