#!/bin/bash
# The WGEC chair's draft (an OCR of a draft with tracked changes), end to end, against the golden
# file tests/extract/wgec-2018-chair-draft.ttl: 15 introduction paragraphs and 21 recommendation
# items (1-19, 2 bis, 2 tres) with their IRIs, numbers, sections, citations and cleaned texts.
# Bodies come from a fixed copy (wgec-bodies.ttl); document names from data/document-aliases.tsv.
set -u
dir="$IGMAP_SOURCE_DIR/tests/extract"
src="$dir/wgec-2018-chair-draft.txt" # a copy of the source text, byte for byte
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$IGMAP_BIN" extract --doc wgec-2018-chair-draft --bodies "$dir/wgec-bodies.ttl" \
  --aliases "$IGMAP_SOURCE_DIR/data/document-aliases.tsv" "$src" >"$tmp/out.ttl" 2>"$tmp/err" ||
  { echo "FAIL: exit status $? ($(head -c 300 "$tmp/err"))"; exit 1; }
[ -n "${IGMAP_UPDATE:-}" ] && cp "$tmp/out.ttl" "$dir/wgec-2018-chair-draft.ttl"
if ! diff -u "$dir/wgec-2018-chair-draft.ttl" "$tmp/out.ttl"; then
  echo "FAIL: output differs from tests/extract/wgec-2018-chair-draft.ttl"
  fail=1
fi
para=$(grep -c '^draft:para_[0-9]* a ig:Provision' "$tmp/out.ttl")
rec=$(grep -c '^draft:rec_[0-9a-z]* a ig:Provision' "$tmp/out.ttl")
if [ "$para" != 15 ] || [ "$rec" != 21 ]; then
  echo "FAIL: $para introduction paragraphs and $rec recommendation items (want 15 and 21)"
  fail=1
fi
for iri in rec_2bis rec_2tres; do
  grep -q "^draft:$iri a ig:Provision" "$tmp/out.ttl" || { echo "FAIL: no draft:$iri"; fail=1; }
done
exit $fail
