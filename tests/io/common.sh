# Shared helpers for the io tests: a temporary directory, a failing check, a writer that holds
# the store's writer lock while it waits for its input on a FIFO.
set -u
bin=${IGMAP_BIN:?IGMAP_BIN must name the igmap binary}
fix=${IGMAP_SOURCE_DIR:?}/tests/cli/fixtures
tmp=$(mktemp -d)
cleanup() { jobs -p | xargs -r kill -9 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
igmap() { "$bin" "$@"; }

# start_writer STORE: a load reading N-Triples from $tmp/fifo; sets writer_pid. Holds fd 3.
start_writer() {
  rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
  "$bin" -q --store "$1" load --format ntriples --graph graph:w - <"$tmp/fifo" \
    >"$tmp/writer.out" 2>"$tmp/writer.err" &
  writer_pid=$!
  exec 3>"$tmp/fifo"
  # wait until the writer holds the lock (a POSIX record lock on its lock file)
  for _ in $(seq 100); do
    if [ -e "$1/writer.lock" ] && ! python3 -c 'import fcntl, sys
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)' "$1/writer.lock" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  fail "writer did not take the lock"
}

# n_triples N PREFIX: N distinct N-Triples lines
n_triples() {
  awk -v n="$1" -v p="$2" 'BEGIN { for (i = 0; i < n; i++)
    printf "<http://example.org/%s%d> <http://example.org/p> \"value %d\" .\n", p, i, i }'
}
