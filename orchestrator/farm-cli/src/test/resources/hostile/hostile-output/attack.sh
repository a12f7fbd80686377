#!/bin/bash
# Fills the cell's output folder (a volume on the engine's disk) with 300 MB, then builds normally.
head -c 300M /dev/zero > /build/out/filler
echo "filled /build/out: status $?"
exit 0
