#!/bin/bash
# `igmap extract` on hostile input: empty, binary garbage, invalid UTF-8, NUL bytes, a 10 MB line,
# 100,000 paragraphs. Each must exit 0 with Turtle that raptor reads back, in bounded time.
# Then the command line: usage errors (exit 2), a missing file (exit 4), stdout on /dev/full (4).
set -u
dir="$IGMAP_SOURCE_DIR/tests/extract"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
x() { "$IGMAP_BIN" extract --aliases "$dir/aliases.tsv" --bodies "$dir/bodies.ttl" "$@"; }

: >"$tmp/empty.txt"
awk 'BEGIN { srand(7); for (i = 0; i < 1000000; i++) printf "%c", int(rand() * 256) }' >"$tmp/garbage.txt"
printf '1. caf\xe9 \xff\xfe \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 end.\n2. Next\xc3' >"$tmp/invalid-utf8.txt"
printf '1. Text\0with NUL\0bytes.\n\0\n2. More\0.\n' >"$tmp/nul.txt"
awk 'BEGIN { printf "1. "; for (i = 0; i < 250000; i++) printf "paragraph 3 of the Tunis Agenda IGF. "; print "" }' >"$tmp/long-line.txt"
awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "%d. Paragraph %d, see paragraph %d of the Tunis Agenda.\n\n", i, i, i }' >"$tmp/many.txt"

for f in empty garbage invalid-utf8 nul long-line many; do
  start=$(date +%s)
  x --doc "r-$f" "$tmp/$f.txt" >"$tmp/$f.ttl" 2>"$tmp/$f.err"
  rc=$?
  secs=$(($(date +%s) - start))
  if [ $rc != 0 ]; then
    echo "FAIL $f: exit status $rc ($(head -c 300 "$tmp/$f.err"))"; fail=1; continue
  fi
  if [ $secs -gt 120 ]; then
    echo "FAIL $f: took $secs s"; fail=1
  fi
  if command -v rapper >/dev/null && ! rapper -q -i turtle -c "$tmp/$f.ttl" http://example.invalid/ 2>"$tmp/$f.rap"; then
    echo "FAIL $f: the output is not Turtle raptor reads: $(head -c 300 "$tmp/$f.rap")"; fail=1
  fi
  echo "ok $f: $(grep -c 'a ig:Provision' "$tmp/$f.ttl") provisions, $secs s"
done
[ "$(grep -c 'a ig:Provision' "$tmp/many.ttl")" = 100000 ] || { echo "FAIL many: not 100000 provisions"; fail=1; }
grep -q '\\uFFFD\|�' "$tmp/invalid-utf8.ttl" || { echo "FAIL invalid-utf8: no U+FFFD in the text"; fail=1; }

expect() { # status description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc != "$want" ]; then
    echo "FAIL $what: exit status $rc, want $want ($(head -c 200 "$tmp/err"))"; fail=1
  fi
}
echo '1. One.' >"$tmp/one.txt"
expect 2 "no file" "$IGMAP_BIN" extract
expect 2 "two files" "$IGMAP_BIN" extract "$tmp/one.txt" "$tmp/one.txt"
expect 2 "unknown option" "$IGMAP_BIN" extract --nope "$tmp/one.txt"
expect 2 "unknown format" "$IGMAP_BIN" extract --format rdfxml "$tmp/one.txt"
expect 2 "bad key" "$IGMAP_BIN" extract --doc 'Bad Key' "$tmp/one.txt"
expect 2 "stdin without --doc" "$IGMAP_BIN" extract -
expect 4 "missing file" x --doc m "$tmp/no-such-file.txt"
expect 4 "missing alias table" "$IGMAP_BIN" extract --aliases "$tmp/none.tsv" --bodies "$dir/bodies.ttl" "$tmp/one.txt"
printf 'bad line without tab\n' >"$tmp/bad.tsv"
expect 3 "bad alias table" "$IGMAP_BIN" extract --aliases "$tmp/bad.tsv" --bodies "$dir/bodies.ttl" "$tmp/one.txt"
grep -q 'bad.tsv:1' "$tmp/err" || { echo "FAIL bad alias table: no FILE:LINE in '$(cat "$tmp/err")'"; fail=1; }
expect 0 "help" "$IGMAP_BIN" extract --help
if [ -w /dev/full ]; then
  expect 4 "stdout on /dev/full" sh -c '"$0" extract --aliases "$1" --bodies "$2" "$3" >/dev/full' \
    "$IGMAP_BIN" "$dir/aliases.tsv" "$dir/bodies.ttl" "$tmp/many.txt"
fi
exit $fail
