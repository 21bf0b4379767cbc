#!/usr/bin/env bash
# Which issues does no body address? (issues without narrower issues, with no derived ig:addresses)
. "$(dirname "$0")/lib.sh"
init_store
check_query unaddressed-issues
