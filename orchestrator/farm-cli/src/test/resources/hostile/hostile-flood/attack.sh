#!/bin/bash
# Floods its log with 100 MB, then builds normally.
yes "flooding the log with one line of text after another" | head -c 100M
echo
exit 0
