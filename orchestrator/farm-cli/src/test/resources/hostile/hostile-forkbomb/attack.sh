#!/bin/bash
# Forks without bound for 20 seconds (the pids limit must hold it), then fails. timeout kills its whole
# process group, so the bomb ends with it.
bomb() { bomb | bomb & }
timeout -s KILL 20 bash -c "$(declare -f bomb); bomb; sleep 60" >/dev/null 2>&1
echo "fork bomb over (status $?)"
exit 1
