#!/usr/bin/env bash
# A deliberately broken copy of data/meetings.ttl makes `igmap validate` exit 1: the first WGEC meeting gets a start date that is not an xsd:date.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/meetings.ttl"
sed -i 's/schema:startDate "2016-09-30"^^xsd:date ;/schema:startDate "30 September 2016" ;/' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/meetings.ttl" && fail "the edit did not change data/meetings.ttl"
init_store "$tmp/home"
expect_invalid broken-meetings
