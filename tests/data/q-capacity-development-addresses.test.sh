#!/usr/bin/env bash
# The derived side of the same question: bodies with ig:addresses issue:capacity-development.
. "$(dirname "$0")/lib.sh"
init_store
check_query capacity-development-addresses
