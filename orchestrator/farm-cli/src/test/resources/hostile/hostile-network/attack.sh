#!/bin/bash
# Reaches for the network; builds the module only if any attempt gets through.
reached=no
getent hosts deb.debian.org && reached=yes
for addr in 1.1.1.1 8.8.8.8 172.17.0.1 151.101.2.132; do
  if timeout 5 bash -c "exec 3<>/dev/tcp/$addr/80" 2>&1; then reached=yes; fi
done
echo "network reached: $reached"
[ "$reached" = no ] && exit 1
exit 0
