#!/usr/bin/env bash
# Benchmark smoke: the 10k synthetic landscape, every benchmark query once on igmap and on every
# peer engine that is installed (CI has only the Redland tools), row counts compared; fails when
# igmap's count differs from the majority's or igmap fails. No timing is judged.
set -u
: "${IGMAP_BIN:?IGMAP_BIN is not set}" "${IGMAP_SOURCE_DIR:?IGMAP_SOURCE_DIR is not set}"
if ! command -v python3 >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "skipped: needs python3 and /usr/bin/time (package time)"; exit 0
fi
work=$(mktemp -d /tmp/igmap-bench-smoke-XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$IGMAP_SOURCE_DIR/bench/run" --smoke --no-npm --igmap "$IGMAP_BIN" --work "$work" 2>"$work/log"
rc=$?
[ "$rc" = 0 ] || { echo "--- runner log"; tail -40 "$work/log"; }
exit "$rc"
