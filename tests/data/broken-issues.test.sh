#!/usr/bin/env bash
# A deliberately broken copy of ontology/issues.ttl makes `igmap validate` exit 1: the issue Spam loses its skos:prefLabel.
. "$(dirname "$0")/lib.sh"
copy_home
f="$tmp/home/ontology/issues.ttl"
sed -i '/^issue:spam a ig:Issue/,/ \.$/{/skos:prefLabel/d}' "$f"
cmp -s "$f" "$IGMAP_SOURCE_DIR/ontology/issues.ttl" && fail "the edit did not change ontology/issues.ttl"
init_store "$tmp/home"
expect_invalid broken-issues
