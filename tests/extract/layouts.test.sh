#!/bin/bash
# Golden tests of `igmap extract`, one small text per layout: tests/extract/cases/NAME.txt must
# give exactly cases/NAME.ttl (Turtle), and its N-Triples must hold the same triples.
# To accept a new output after checking it: IGMAP_UPDATE=1 ctest -L extract.
set -u
dir="$IGMAP_SOURCE_DIR/tests/extract"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for txt in "$dir"/cases/*.txt; do
  name=$(basename "$txt" .txt)
  args=(extract --doc "test-$name" --aliases "$dir/aliases.tsv" --bodies "$dir/bodies.ttl")
  if ! "$IGMAP_BIN" "${args[@]}" "$txt" >"$tmp/$name.ttl" 2>"$tmp/$name.err"; then
    echo "FAIL $name: exit status $? ($(head -c 300 "$tmp/$name.err"))"
    fail=1
    continue
  fi
  if [ -n "${IGMAP_UPDATE:-}" ]; then
    cp "$tmp/$name.ttl" "$dir/cases/$name.ttl"
  fi
  if ! diff -u "$dir/cases/$name.ttl" "$tmp/$name.ttl" >"$tmp/$name.diff"; then
    echo "FAIL $name: Turtle differs from cases/$name.ttl"
    head -60 "$tmp/$name.diff"
    fail=1
  fi
  if [ -s "$tmp/$name.err" ]; then
    echo "FAIL $name: unexpected stderr: $(head -c 300 "$tmp/$name.err")"
    fail=1
  fi
  # the same triples as N-Triples, read back from the Turtle by raptor
  "$IGMAP_BIN" "${args[@]}" --format ntriples "$txt" >"$tmp/$name.nt0"
  if command -v rapper >/dev/null; then
    rapper -q -i ntriples -o ntriples "$tmp/$name.nt0" http://example.invalid/ | LC_ALL=C sort >"$tmp/$name.nt"
    rapper -q -i turtle -o ntriples "$tmp/$name.ttl" http://example.invalid/ | LC_ALL=C sort >"$tmp/$name.rt"
    if ! cmp -s "$tmp/$name.nt" "$tmp/$name.rt"; then
      echo "FAIL $name: --format ntriples and the Turtle disagree"
      diff "$tmp/$name.nt" "$tmp/$name.rt" | head -20
      fail=1
    fi
  fi
  # from stdin, the same output
  if ! "$IGMAP_BIN" "${args[@]}" - <"$txt" | cmp -s - "$tmp/$name.ttl"; then
    echo "FAIL $name: reading '-' (stdin) gives another output"
    fail=1
  fi
done
exit $fail
