#!/usr/bin/env bash
# To whom is recommendation 17 of the WGEC Chair's draft addressed (derived ig:addressedTo)?
. "$(dirname "$0")/lib.sh"
init_store
check_query rec17-addressed-to
