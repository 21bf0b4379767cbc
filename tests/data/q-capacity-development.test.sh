#!/usr/bin/env bash
# Which bodies address capacity development, in what role, on what source, with what status?
. "$(dirname "$0")/lib.sh"
init_store
check_query capacity-development
