#!/usr/bin/env bash
# Which bodies address capacity development or the action line aligned with it (C4)?
. "$(dirname "$0")/lib.sh"
init_store
check_query capacity-development-aligned
