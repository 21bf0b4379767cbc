#!/usr/bin/env bash
# A deliberately broken copy of data/wgec-2018-chair-draft.ttl makes `igmap validate` exit 1: item 2 bis loses its eli:number.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/wgec-2018-chair-draft.ttl"
sed -i '/^    eli:number "2 bis" ;$/d' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/wgec-2018-chair-draft.ttl" && fail "the edit did not change data/wgec-2018-chair-draft.ttl"
init_store "$tmp/home"
expect_invalid broken-wgec-2018-chair-draft
