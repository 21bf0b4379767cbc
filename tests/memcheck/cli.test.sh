#!/usr/bin/env bash
# A cross-section of the golden CLI cases again (every command, every output format, the error
# paths), every igmap process under valgrind memcheck: any invalid read or
# write, use of uninitialised memory, or definite leak (other than the documented Redland leaks
# of tests/valgrind.supp) makes valgrind exit 99, which the golden comparison reports.
set -eu
bin=${IGMAP_BIN:?}; src=${IGMAP_SOURCE_DIR:?}
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
if ldd "$bin" | grep -q libasan; then
  echo "not run: valgrind cannot check a binary built with AddressSanitizer (that build checks itself)"
  exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/igmap" <<WRAP
#!/usr/bin/env bash
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite \
  --suppressions="$src/tests/valgrind.supp" "$bin" "\$@"
WRAP
chmod +x "$tmp/igmap"
IGMAP_BIN="$tmp/igmap" bash "$src/tests/cli/golden.test.sh" \
  unknown_command load_trig_keeps_graphs load_bad_ntriples load_all_or_nothing query_json \
  query_construct param_injection export_formats derived_landscape export_to_dev_full
