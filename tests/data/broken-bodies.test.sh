#!/usr/bin/env bash
# A deliberately broken copy of data/bodies.ttl makes `igmap validate` exit 1: the Digital Solidarity Fund loses its type.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/bodies.ttl"
sed -i '/^    org:classification btype:fund ;$/d' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/bodies.ttl" && fail "the edit did not change data/bodies.ttl"
init_store "$tmp/home"
expect_invalid broken-bodies
