#!/usr/bin/env bash
# A full disk and a read-only store: a clear error, exit 4, nothing lost. Needs root to mount a
# small tmpfs (CI runs as root); elsewhere it says so and passes.
. "$(dirname "$0")/common.sh"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=3m tmpfs "$tmp" 2>/dev/null; then
  echo "skipped: mounting a small tmpfs needs root"; exit 0
fi
trap 'umount "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
s="$tmp/s"
igmap -q --store "$s" init --empty || fail "init"
igmap -q --store "$s" load "$fix/small.ttl" || fail "load"
igmap --store "$s" export --format nquads >/tmp/igmap-before.$$ || fail "export"
n_triples 100000 full >/tmp/igmap-big.$$.nt
igmap -q --store "$s" load /tmp/igmap-big.$$.nt 2>"/tmp/igmap-err.$$"; rc=$?
[ "$rc" = 4 ] || fail "full disk: exit $rc, expected 4"
grep -q "no space left on device" "/tmp/igmap-err.$$" || fail "message: $(cat /tmp/igmap-err.$$)"
igmap --store "$s" export --format nquads | cmp -s - /tmp/igmap-before.$$ || fail "store changed"
# read-only: the filesystem refuses every write
mount -o remount,ro "$tmp" || fail "remount"
igmap -q --store "$s" load "$fix/small.nt" 2>"/tmp/igmap-err.$$"; rc=$?
[ "$rc" = 4 ] || fail "read-only store: exit $rc, expected 4"
igmap --store "$s" export --format nquads | cmp -s - /tmp/igmap-before.$$ || fail "read-only store unreadable or changed"
rm -f /tmp/igmap-before.$$ /tmp/igmap-big.$$.nt /tmp/igmap-err.$$
echo "ok"
