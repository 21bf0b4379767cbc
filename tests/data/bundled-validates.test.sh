#!/usr/bin/env bash
# The bundled ontology and data load with `igmap init` and pass `igmap validate` with no violations.
. "$(dirname "$0")/lib.sh"
init_store
igm validate --format csv > "$tmp/v.out" || fail "validate found violations: $(cat "$tmp/v.out")"
compare bundled-validates.csv "$tmp/v.out"
