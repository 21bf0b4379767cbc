#!/usr/bin/env bash
# A deliberately broken copy of data/tunis-agenda-2005.ttl makes `igmap validate` exit 1: sub-item 35(a) loses its parent, so it lies in no document.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/tunis-agenda-2005.ttl"
sed -i '/para_35\/point_a> a ig:Provision/,/ \.$/{/eli:is_part_of/d}' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/tunis-agenda-2005.ttl" && fail "the edit did not change data/tunis-agenda-2005.ttl"
init_store "$tmp/home"
expect_invalid broken-tunis-agenda-2005
