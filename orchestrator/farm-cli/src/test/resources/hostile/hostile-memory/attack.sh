#!/bin/bash
# Allocates without bound: tail keeps an endless line in memory.
tail /dev/zero
exit 1
