#!/bin/bash
# Tries to write outside its build folder and into its own source, then builds normally.
for target in /build/src/pwned /build/src/hostile.c /etc/pwned /usr/pwned /lib/modules/pwned /root/pwned \
    /build/kmodfarm-cell.jar /var/lib/dkms/pwned; do
  if ( echo pwned >> "$target" ) 2>/dev/null; then echo "WRITE-OK $target"; else echo "WRITE-BLOCKED $target"; fi
done
exit 0
