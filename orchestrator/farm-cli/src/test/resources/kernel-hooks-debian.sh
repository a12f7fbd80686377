# Run by KernelHooksDebianIT as root inside the DKMS test image (a Debian kernel image package installed, its
# headers, a JRE): kmodfarm's hooks installed by `kmodfarm hooks install`, two AUTOINSTALL modules added (one
# builds, one fails), then the kernel package's own maintainer script runs them. $1 = kmodfarm's checkout.
set -u
home="$1"
export PATH="$home/bin:$PATH"
install -d -m 0755 /var/lib/dkms /etc/dkms/framework.conf.d
"$home/kmodfarm" hooks install >/dev/null || { echo "CHECK hooks-install failed"; exit 1; }
mkdir -p /usr/src/kmodfarm-hello-0.1 /usr/src/failing-1.0
cp "$home"/examples/hello/* /usr/src/kmodfarm-hello-0.1/
printf '%s\n' 'PACKAGE_NAME=failing' 'PACKAGE_VERSION=1.0' 'BUILT_MODULE_NAME[0]=failing' \
  'DEST_MODULE_LOCATION[0]=/updates/dkms' 'MAKE[0]="exit 1"' 'AUTOINSTALL=yes' >/usr/src/failing-1.0/dkms.conf
echo 'obj-m := failing.o' >/usr/src/failing-1.0/Makefile
dkms add kmodfarm-hello/0.1 >/dev/null && dkms add failing/1.0 >/dev/null || { echo "CHECK add failed"; exit 1; }

# linux-image's postinst runs /etc/kernel/postinst.d (run-parts --exit-on-error); INITRD=No skips the initramfs.
INITRD=No DEBIAN_FRONTEND=noninteractive dpkg-reconfigure "linux-image-$KERNEL_VER"
echo "CHECK postinst-status $?"
echo "CHECK package $(dpkg-query -W -f='${Status}' "linux-image-$KERNEL_VER")"
dkms status | sed 's/^/CHECK status-after-postinst /'
ko="$(find "/lib/modules/$KERNEL_VER/updates/dkms" -name 'kmodfarm_hello.ko*' | head -n1)"
echo "CHECK signer $(modinfo -F signer "$ko")"
echo "CHECK hash $(modinfo -F sig_hashalgo "$ko")"
echo "CHECK modules.dep $(grep -c 'updates/dkms/kmodfarm_hello.ko' "/lib/modules/$KERNEL_VER/modules.dep")"

# linux-image's prerm runs /etc/kernel/prerm.d the same way.
run-parts --report --exit-on-error --arg="$KERNEL_VER" --arg="/boot/vmlinuz-$KERNEL_VER" /etc/kernel/prerm.d
echo "CHECK prerm-status $?"
dkms status | sed 's/^/CHECK status-after-prerm /'
