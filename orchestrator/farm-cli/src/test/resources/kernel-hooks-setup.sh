# Sourced by the kernel hook scripts of KernelHooksDebianIT, as root inside the DKMS test image: kmodfarm's hooks
# installed by `kmodfarm hooks install` and two AUTOINSTALL modules added, one that builds and one that fails.
# $home = kmodfarm's checkout.
export PATH="$home/bin:$PATH"
install -d -m 0755 /var/lib/dkms /etc/dkms/framework.conf.d
"$home/kmodfarm" hooks install >/dev/null || { echo "CHECK hooks-install failed"; exit 1; }
mkdir -p /usr/src/kmodfarm-hello-0.1 /usr/src/failing-1.0
cp "$home"/examples/hello/* /usr/src/kmodfarm-hello-0.1/
printf '%s\n' 'PACKAGE_NAME=failing' 'PACKAGE_VERSION=1.0' 'BUILT_MODULE_NAME[0]=failing' \
  'DEST_MODULE_LOCATION[0]=/updates/dkms' 'MAKE[0]="exit 1"' 'AUTOINSTALL=yes' >/usr/src/failing-1.0/dkms.conf
echo 'obj-m := failing.o' >/usr/src/failing-1.0/Makefile
dkms add kmodfarm-hello/0.1 >/dev/null && dkms add failing/1.0 >/dev/null || { echo "CHECK add failed"; exit 1; }

# What the kernel's postinst hooks left: the good module built, signed, known to depmod.
installed_checks() {
  ko="$(find "/lib/modules/$KERNEL_VER/updates/dkms" -name 'kmodfarm_hello.ko*' | head -n1)"
  echo "CHECK signer $(modinfo -F signer "$ko")"
  echo "CHECK hash $(modinfo -F sig_hashalgo "$ko")"
  echo "CHECK modules.dep $(grep -c 'updates/dkms/kmodfarm_hello.ko' "/lib/modules/$KERNEL_VER/modules.dep")"
}
