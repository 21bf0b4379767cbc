#!/usr/bin/env bash
# Every canned query: its header is complete, and its example runs with the golden CSV answer.
. "$(dirname "$0")/lib.sh"
n=0
for q in "$IGMAP_SOURCE_DIR"/queries/*.rq; do
  name=$(basename "$q" .rq)
  n=$((n + 1))
  head -1 "$q" | grep -q '^# title: .' || fail "$name: first line is not '# title: ...'"
  grep -q '^# question: .' "$q" || fail "$name: no '# question:' line"
  ex=$(grep '^# example: igmap query ' "$q" | head -1 | sed 's/^# example: igmap query //')
  [ -n "$ex" ] || { fail "$name: no '# example: igmap query $name ...' line"; continue; }
  # every $param of the query is declared with a type
  for p in $(grep -v '^#' "$q" | grep -o '\$[A-Za-z_][A-Za-z0-9_]*' | sort -u | tr -d '$'); do
    grep -Eq "^# param $p: (iri|issue|body|provision|proposal|document|literal)," "$q" ||
      fail "$name: parameter \$$p is not declared as '# param $p: TYPE, ...'"
  done
  eval "set -- $ex"
  [ "$1" = "$name" ] || fail "$name: the example runs '$1'"
  rc=0
  igm query --format csv "$@" > "$tmp/$name.csv" 2> "$tmp/$name.err" || rc=$?
  [ "$rc" -eq 0 ] || { fail "$name: exit $rc: $(cat "$tmp/$name.err")"; continue; }
  golden "query-$name.csv" "$tmp/$name.csv"
done
[ "$n" -ge 15 ] || fail "only $n canned queries (at least 15 wanted)"
# help queries lists each with its title
igm help queries > "$tmp/help" || fail "help queries"
golden help-queries.out "$tmp/help"
finish
