# Shared helpers for the data tests (label "data"). Sourced by tests/data/*.test.sh.
# Environment from ctest: IGMAP_BIN (the igmap binary), IGMAP_SOURCE_DIR (repo root), IGMAP_BUILD_DIR.
set -u
: "${IGMAP_BIN:?IGMAP_BIN is not set}"
: "${IGMAP_SOURCE_DIR:?IGMAP_SOURCE_DIR is not set}"
DATA_TESTS="$IGMAP_SOURCE_DIR/tests/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset IGMAP_HOME IGMAP_STORE

fail() { echo "FAIL: $*" >&2; exit 1; }

# init_store [HOME]: a fresh store in $tmp/store from the bundled files (or from HOME's copy)
init_store() {
  if [ $# -gt 0 ]; then
    IGMAP_HOME="$1" "$IGMAP_BIN" -q --store "$tmp/store" init || fail "igmap init failed (home $1)"
  else
    "$IGMAP_BIN" -q --store "$tmp/store" init || fail "igmap init failed"
  fi
}

# igm ARGS...: igmap on the test store
igm() { "$IGMAP_BIN" -q --store "$tmp/store" "$@"; }

# compare NAME ACTUAL_FILE: ACTUAL (CRLF stripped) must equal tests/data/expected/NAME;
# with IGMAP_REGEN=1 in the environment it rewrites the expected file instead
compare() {
  local exp="$DATA_TESTS/expected/$1"
  tr -d '\r' < "$2" > "$2.lf"
  if [ -n "${IGMAP_REGEN:-}" ]; then   # IGMAP_REGEN=1: rewrite the golden file (review the diff!)
    cp "$2.lf" "$exp"
    return 0
  fi
  if ! diff -u "$exp" "$2.lf"; then
    fail "output differs from expected/$1"
  fi
}

# check_query NAME: run tests/data/queries/NAME.rq as CSV and compare with expected/NAME.csv
check_query() {
  igm query --format csv "$DATA_TESTS/queries/$1.rq" > "$tmp/$1.out" || fail "query $1 failed"
  compare "$1.csv" "$tmp/$1.out"
}

# copy_home: a copy of the bundled ontology and data in $tmp/home, to break one file of it
copy_home() {
  mkdir -p "$tmp/home"
  cp -r "$IGMAP_SOURCE_DIR/ontology" "$IGMAP_SOURCE_DIR/data" "$tmp/home/"
}

# expect_invalid NAME: validate the store, expect exit 1 and the rows of expected/NAME.csv
expect_invalid() {
  local rc=0
  IGMAP_HOME="$tmp/home" "$IGMAP_BIN" -q --store "$tmp/store" validate --format csv > "$tmp/v.out" || rc=$?
  [ "$rc" -eq 1 ] || fail "validate exited $rc, expected 1"
  compare "$1.csv" "$tmp/v.out"
}
