#!/usr/bin/env bash
# A load killed with SIGKILL leaves the store exactly as it was, at every point we try:
# before any data, after part of the data, after all the data (before commit), and at random
# moments of a large load (which also catches the commit itself now and then).
. "$(dirname "$0")/common.sh"
s="$tmp/store"
igmap -q --store "$s" init --empty || fail "init"
igmap -q --store "$s" load "$fix/landscape.ttl" || fail "load"
igmap --store "$s" export --format nquads | sort >"$tmp/before.nq"

check_same() {
  igmap --store "$s" export --format nquads | sort >"$tmp/now.nq" || fail "store unreadable after kill ($1)"
  cmp -s "$tmp/before.nq" "$tmp/now.nq" || fail "store changed after kill ($1)"
}
# fixed points through the FIFO writer
for lines in 0 1 500 20000; do
  start_writer "$s"
  [ "$lines" -gt 0 ] && n_triples "$lines" f >&3
  sleep 0.2
  kill -9 "$writer_pid"; wait "$writer_pid" 2>/dev/null
  exec 3>&-
  check_same "after $lines lines"
done
# random moments of a large load; an outcome is the old state or the whole new one
n_triples 200000 big >"$tmp/big.nt"
igmap -q --store "$tmp/ref" init --empty
igmap -q --store "$tmp/ref" load "$fix/landscape.ttl" "$tmp/big.nt"
igmap --store "$tmp/ref" export --format nquads | sort >"$tmp/after.nq"
old=0; new=0
for delay in 0.1 0.3 0.5 0.7 0.9 1.1 1.3 1.5 1.8 3; do
  "$bin" -q --store "$s" load "$tmp/big.nt" & pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  igmap --store "$s" export --format nquads | sort >"$tmp/now.nq" || fail "unreadable after kill at $delay s"
  if cmp -s "$tmp/before.nq" "$tmp/now.nq"; then old=$((old + 1));
  elif cmp -s "$tmp/after.nq" "$tmp/now.nq"; then
    new=$((new + 1))
    # back to the old state for the next trial
    igmap -q --store "$s" init --empty --force && igmap -q --store "$s" load "$fix/landscape.ttl"
  else fail "partial state after kill at $delay s"; fi
done
echo "ok: 4 fixed points; 10 random kills: $old old, $new new"
