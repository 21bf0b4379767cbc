#!/usr/bin/env bash
# Golden CLI cases. Each tests/cli/cases/NAME.sh is a shell snippet run in a fresh temporary
# directory with `igmap` on PATH (the binary under test, with IGMAP_STORE pointing into the
# temporary directory) and $FIX naming tests/cli/fixtures. Its stdout, stderr and exit status
# must equal NAME.out, NAME.err and NAME.rc exactly, after the temporary directory and $FIX are
# replaced by TMP and FIX. Run with UPDATE=1 to (re)write the expected files, then review them.
# Arguments, if any, name the cases to run (default: all).
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${IGMAP_BIN:?IGMAP_BIN must name the igmap binary}
only=" $* "
fail=0; count=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/igmap"
for case in "$here"/cases/*.sh; do
  name=$(basename "$case" .sh)
  [ "$only" != "  " ] && [[ "$only" != *" $name "* ]] && continue
  count=$((count + 1))
  t="$work/$name"; mkdir -p "$t"
  (
    cd "$t" || exit 99
    export PATH="$work/bin:$PATH" FIX="$here/fixtures" IGMAP_STORE="$t/default-store" \
           XDG_DATA_HOME="$t/xdg" HOME="$t" LC_ALL=C
    bash -e "$case" >"$t/.out" 2>"$t/.err"
    echo $? >"$t/.rc"
  )
  for f in out err rc; do
    sed -e "s#$t#TMP#g" -e "s#$here/fixtures#FIX#g" "$t/.$f" >"$t/.$f.norm"
    if [ "${UPDATE:-}" = 1 ]; then
      cp "$t/.$f.norm" "$here/cases/$name.$f"
    elif ! cmp -s "$t/.$f.norm" "$here/cases/$name.$f"; then
      echo "FAIL $name ($f)"
      diff -u "$here/cases/$name.$f" "$t/.$f.norm" | head -40
      fail=$((fail + 1))
    fi
  done
done
echo "$count cases, $fail mismatches"
[ "$count" -gt 0 ] && [ "$fail" -eq 0 ]
