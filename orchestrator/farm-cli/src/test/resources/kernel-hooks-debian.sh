# Run by KernelHooksDebianIT as root inside the DKMS test image (a Debian kernel image package installed, its
# headers, a JRE): the installed kernel package's own maintainer scripts run kmodfarm's hooks.
# $1 = kmodfarm's checkout.
set -u
home="$1"
. "$home/orchestrator/farm-cli/src/test/resources/kernel-hooks-setup.sh"

# linux-image's postinst runs /etc/kernel/postinst.d (run-parts --exit-on-error); INITRD=No skips the initramfs.
INITRD=No DEBIAN_FRONTEND=noninteractive dpkg-reconfigure "linux-image-$KERNEL_VER"
echo "CHECK postinst-status $?"
echo "CHECK package $(dpkg-query -W -f='${Status}' "linux-image-$KERNEL_VER")"
dkms status | sed 's/^/CHECK status-after-postinst /'
installed_checks

# linux-image's prerm runs /etc/kernel/prerm.d the same way.
run-parts --report --exit-on-error --arg="$KERNEL_VER" --arg="/boot/vmlinuz-$KERNEL_VER" /etc/kernel/prerm.d
echo "CHECK prerm-status $?"
dkms status | sed 's/^/CHECK status-after-prerm /'
