#!/usr/bin/env bash
# Static analysis of every C source with cppcheck (installed by .ci/run).
set -eu
src=${IGMAP_SOURCE_DIR:?}
command -v cppcheck >/dev/null || { echo "cppcheck is not installed"; exit 1; }
cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr --std=c11 \
  -I "$src/src" "$src"/src/*.c "$src"/tests/unit/*.c
echo "ok"
