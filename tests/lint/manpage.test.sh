#!/usr/bin/env bash
# The man page, the README and `igmap help` name the same commands, and every exit code of
# product.md is documented in the man page.
set -eu
bin=${IGMAP_BIN:?}; src=${IGMAP_SOURCE_DIR:?}
cmds=$("$bin" help | awk '/^commands:/ {on=1; next} /^$/ {on=0} on {print $1}')
[ -n "$cmds" ] || { echo "no commands in help"; exit 1; }
for c in $cmds; do
  grep -q "^\.B $c\b" "$src/docs/igmap.1" || { echo "man page misses command $c"; exit 1; }
  "$bin" help "$c" >/dev/null || { echo "help $c fails"; exit 1; }
done
for code in 0 1 2 3 4 5; do
  grep -A1 '^\.TP' "$src/docs/igmap.1" | grep -q "^\.B $code\$" || { echo "man page misses exit $code"; exit 1; }
done
echo "ok"
