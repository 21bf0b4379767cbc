# Shared helpers for the answers tests (label "answers"): canned queries, gaps, matrix, show.
# Environment from ctest: IGMAP_BIN, IGMAP_SOURCE_DIR, IGMAP_BUILD_DIR.
# IGMAP_REGEN=1 rewrites the golden files under expected/ (review the diff before committing).
set -u
: "${IGMAP_BIN:?IGMAP_BIN is not set}"
: "${IGMAP_SOURCE_DIR:?IGMAP_SOURCE_DIR is not set}"
HERE="$IGMAP_SOURCE_DIR/tests/answers"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset IGMAP_HOME IGMAP_STORE
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
finish() { [ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }; exit 0; }

"$IGMAP_BIN" -q --store "$tmp/s" init || { echo "FAIL: igmap init" >&2; exit 1; }
igm() { "$IGMAP_BIN" -q --store "$tmp/s" "$@"; }

# golden NAME FILE: FILE must equal expected/NAME (CR bytes kept: CSV uses CRLF)
golden() {
  local exp="$HERE/expected/$1"
  if [ -n "${IGMAP_REGEN:-}" ]; then cp "$2" "$exp"; return 0; fi
  [ -f "$exp" ] || { fail "no expected/$1"; return 0; }
  cmp -s "$exp" "$2" || { diff -u "$exp" "$2" | head -40 >&2; fail "output differs from expected/$1"; }
}

# run_golden NAME EXPECTED_RC ARGS...: stdout to expected/NAME.out, stderr to expected/NAME.err
run_golden() {
  local name=$1 want=$2 rc=0
  shift 2
  igm "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" || rc=$?
  [ "$rc" -eq "$want" ] || fail "$name: exit $rc, expected $want (igmap $*)"
  golden "$name.out" "$tmp/$name.out"
  golden "$name.err" "$tmp/$name.err"
}
