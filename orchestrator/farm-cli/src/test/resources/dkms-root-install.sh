# Run by DkmsRootInstallIT as root inside the DKMS test image: kmodfarm's dkms installs a module into another
# system's root (an image or chroot at /image) through DKMS's own tree options, leaving this system's kernel
# tree alone. $1 = kmodfarm's checkout.
set -u
home="$1"
export PATH="$home/bin:$PATH"
k="$KERNEL_VER"
root=/image
mkdir -p "$root/var/lib/dkms" "$root/usr/src" "$root/lib/modules"
cp -a "/lib/modules/$k" "$root/lib/modules/"       # the root's kernel: its modules, modules.dep, build link
cp -a "$home/examples/hello" "$root/usr/src/kmodfarm-hello-0.1"
own="$(sha256sum "/lib/modules/$k/modules.dep")"
trees=(--dkmstree "$root/var/lib/dkms" --sourcetree "$root/usr/src" --installtree "$root/lib/modules")

dkms install -k "$k" kmodfarm-hello/0.1 "${trees[@]}"
echo "CHECK install-status $?"
echo "CHECK installed $(ls "$root/lib/modules/$k/updates/dkms/")"
echo "CHECK root-modules.dep $(grep -c '^updates/dkms/kmodfarm_hello.ko:' "$root/lib/modules/$k/modules.dep")"
echo "CHECK modinfo-b $(modinfo -b "$root" -k "$k" -F name kmodfarm_hello)"
echo "CHECK own-modules.dep $([ "$(sha256sum "/lib/modules/$k/modules.dep")" = "$own" ] && echo unchanged)"

dkms uninstall -k "$k" kmodfarm-hello/0.1 "${trees[@]}"
echo "CHECK uninstall-status $?"
echo "CHECK root-modules.dep-after $(grep -c 'kmodfarm_hello' "$root/lib/modules/$k/modules.dep")"
echo "CHECK own-modules.dep-after $([ "$(sha256sum "/lib/modules/$k/modules.dep")" = "$own" ] && echo unchanged)"
