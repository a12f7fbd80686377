#!/bin/bash
# Takes its time, then builds normally (for interruption tests).
sleep 25
exit 0
