#!/usr/bin/env bash
# Which provisions of the WGEC Chair's draft cite Tunis Agenda paragraph 69? (document order)
. "$(dirname "$0")/lib.sh"
init_store
check_query draft-cites-ta69
