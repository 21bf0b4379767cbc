#!/usr/bin/env bash
# One writer at a time: a second writer gets exit 4 "store is locked" (or waits with --wait);
# readers are never blocked and see the last committed state.
. "$(dirname "$0")/common.sh"
s="$tmp/store"
igmap -q --store "$s" init --empty || fail "init"
igmap -q --store "$s" load "$fix/small.nt" || fail "load"
before=$(igmap --store "$s" export --format nquads)

start_writer "$s"
n_triples 1000 w >&3

# a second writer is refused at once
igmap --store "$s" load "$fix/small.ttl" 2>"$tmp/err"; rc=$?
[ "$rc" = 4 ] || fail "second writer exit $rc, expected 4"
grep -q "store is locked" "$tmp/err" || fail "no 'store is locked' message: $(cat "$tmp/err")"
# with --wait it gives up after the time given
start=$(date +%s.%N)
igmap --store "$s" --wait 1 load "$fix/small.ttl" 2>/dev/null; rc=$?
end=$(date +%s.%N)
[ "$rc" = 4 ] || fail "waiting writer exit $rc, expected 4"
awk -v a="$start" -v b="$end" 'BEGIN { exit !(b - a >= 0.9) }' || fail "--wait 1 did not wait"
# readers work and see the committed state only
for i in 1 2 3; do
  now=$(igmap --store "$s" export --format nquads) || fail "reader failed while a writer ran"
  [ "$now" = "$before" ] || fail "reader saw a partial write"
done
# a writer that waits long enough gets in once the first one commits
igmap -q --store "$s" --wait 20 load "$fix/small.ttl" 2>"$tmp/err2" 3>&- &
waiter=$!
sleep 0.3
exec 3>&-
wait "$writer_pid" || fail "first writer failed: $(cat "$tmp/writer.err")"
wait "$waiter" || fail "waiting writer failed: $(cat "$tmp/err2")"
n=$(igmap --store "$s" export --format nquads | grep -c 'graph/w>')
[ "$n" = 1000 ] || fail "expected 1000 quads in graph:w, got $n"
igmap --store "$s" export --format nquads | grep -q 'graph/small>' || fail "second load missing"
# a killed writer leaves no stale lock
start_writer "$s"
n_triples 10 k >&3
kill -9 "$writer_pid"; wait "$writer_pid" 2>/dev/null
exec 3>&-
igmap -q --store "$s" load --graph graph:after "$fix/small.nt" || fail "lock stayed after a killed writer"
echo "ok"
