#!/usr/bin/env bash
# A deliberately broken copy of data/a-res-70-125.ttl makes `igmap validate` exit 1: paragraph 64 cites a Tunis Agenda paragraph 700 that does not exist.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/a-res-70-125.ttl"
sed -i 's/eli:cites ta:para_69, ta:para_70, ta:para_71 ;/eli:cites ta:para_69, ta:para_700, ta:para_71 ;/' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/a-res-70-125.ttl" && fail "the edit did not change data/a-res-70-125.ttl"
init_store "$tmp/home"
expect_invalid broken-a-res-70-125
