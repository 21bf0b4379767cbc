#!/usr/bin/env bash
# A deliberately broken copy of data/documents.ttl makes `igmap validate` exit 1: ECOSOC resolution 2014/27 loses its title.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/data/documents.ttl"
sed -i '/^doc:e-res-2014-27 a ig:Document/,/ \.$/{/dcterms:title/d}' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/data/documents.ttl" && fail "the edit did not change data/documents.ttl"
init_store "$tmp/home"
expect_invalid broken-documents
