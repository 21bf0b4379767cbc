#!/usr/bin/env bash
# A deliberately broken copy of data/engagements.ttl makes `igmap validate` exit 1: a derived ig:addresses triple is written by hand.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/engagements.ttl"
sed -i '$a body:igf ig:addresses issue:taxation .' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/engagements.ttl" && fail "the edit did not change data/engagements.ttl"
init_store "$tmp/home"
expect_invalid broken-derived
