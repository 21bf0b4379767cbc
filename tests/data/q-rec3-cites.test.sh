#!/usr/bin/env bash
# What does recommendation 3 of the WGEC Chair's draft cite?
. "$(dirname "$0")/lib.sh"
init_store
check_query rec3-cites
