# Run by KernelHooksDebianIT as root inside the DKMS test image: the kernel image package leaves (dpkg --purge,
# its prerm.d hooks run) and comes back as a fresh installation (dpkg -i of the package file), during which its
# postinst.d hooks build and install the AUTOINSTALL modules. $1 = kmodfarm's checkout, $2 = the .deb.
set -u
home="$1"
deb="$2"
. "$home/orchestrator/farm-cli/src/test/resources/kernel-hooks-setup.sh"
export DEBIAN_FRONTEND=noninteractive INITRD=No

dpkg --purge --force-depends "linux-image-$KERNEL_VER" >/dev/null 2>&1
dpkg-query -W -f='${Status}' "linux-image-$KERNEL_VER" 2>/dev/null | grep -q 'ok installed' \
  && echo "CHECK purged no" || echo "CHECK purged yes"
dkms status | sed 's/^/CHECK status-without-kernel /'

dpkg -i "$deb"
echo "CHECK dpkg-i-status $?"
echo "CHECK package $(dpkg-query -W -f='${Status}' "linux-image-$KERNEL_VER")"
dkms status | sed 's/^/CHECK status-after-install /'
installed_checks
