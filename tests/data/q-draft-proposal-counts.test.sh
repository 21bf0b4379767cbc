#!/usr/bin/env bash
# How many recommendations and proposals does the WGEC Chair's draft have? A recommendation is also
. "$(dirname "$0")/lib.sh"
init_store
check_query draft-proposal-counts
