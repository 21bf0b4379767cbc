#!/usr/bin/env bash
# A deliberately broken copy of data/engagements.ttl makes `igmap validate` exit 1: the engagement of the General Assembly with recommendation 17 loses its role.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/engagements.ttl"
sed -i '/engagement\/unga\/wgec-2018-chair-draft.rec_17\//,/ \.$/{/ig:role/d}' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/engagements.ttl" && fail "the edit did not change data/engagements.ttl"
init_store "$tmp/home"
expect_invalid broken-engagements
