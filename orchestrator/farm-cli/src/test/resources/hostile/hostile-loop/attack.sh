#!/bin/bash
# Never ends.
while :; do :; done
