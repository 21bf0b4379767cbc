#!/usr/bin/env bash
# A deliberately broken copy of data/wgig-report-2005.ttl makes `igmap validate` exit 1: paragraph 13 loses its sort key.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/wgig-report-2005.ttl"
sed -i '/^    ig:sortKey "0013" ;$/d' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/wgig-report-2005.ttl" && fail "the edit did not change data/wgig-report-2005.ttl"
init_store "$tmp/home"
expect_invalid broken-wgig-report-2005
