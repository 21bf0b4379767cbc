#!/usr/bin/env bash
# The lmdb store's bulk load path gives exactly what librdf's hashes store (one statement at a
# time) gives: duplicates, blank nodes, literals, N-Quads graphs, reloads, files larger than a
# batch, nodes already in the store; and graph:inferred stays exact when a load skips the rules.
set -u
bin=${IGMAP_BIN:?IGMAP_BIN must name the igmap binary}
fix=${IGMAP_SOURCE_DIR:?}/tests/cli/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || exit 1

# gen N SEED: N lines of N-Triples over N/7 subjects, with repeated lines, blank nodes, language
# tags, datatypes and links back to earlier subjects.
gen() {
  awk -v n="$1" -v seed="$2" 'BEGIN {
    srand(seed); e = int(n / 7) + 1
    for (i = 0; i < n; i++) {
      s = int(rand() * e); k = i % 7
      if (k == 0) printf "<http://ex.org/e/%d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/C%d> .\n", s, s % 13
      else if (k == 1) printf "<http://ex.org/e/%d> <http://www.w3.org/2000/01/rdf-schema#label> \"entity %d\"@en .\n", s, s
      else if (k == 2) printf "<http://ex.org/e/%d> <http://ex.org/n> \"%d\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n", s, s % 1000
      else if (k == 3) printf "_:b%d <http://ex.org/about> <http://ex.org/e/%d> .\n", s % 500, s
      else if (k == 4) printf "<http://ex.org/e/%d> <http://ex.org/link> <http://ex.org/e/%d> .\n", s, int(rand() * e)
      else if (k == 5) printf "<http://ex.org/e/%d> <http://ex.org/note> \"line %d\\nof %d\" .\n", s, i % 50, s
      else printf "<http://ex.org/e/0> <http://ex.org/link> <http://ex.org/e/1> .\n"
    }
  }'
}

same() { # LABEL: the lmdb store and the hashes store export the same quads
  "$bin" --store lm export --format nquads | LC_ALL=C sort >lm.nq || fail "$1: export lmdb"
  "$bin" --store hashes:hs export --format nquads | LC_ALL=C sort >hs.nq || fail "$1: export hashes"
  cmp -s lm.nq hs.nq || { diff lm.nq hs.nq | head -20; fail "$1: lmdb and hashes differ"; }
}

both() { # ARGS: run on both stores
  "$bin" -q --store lm "$@" || fail "lmdb: $*"
  "$bin" -q --store hashes:hs "$@" || fail "hashes: $*"
}

both init --empty
gen 150000 1 >big.nt      # more than one batch
gen 3000 2 >small.nt
cat small.nt small.nt >twice.nt
both load big.nt
same "large file"
count() { "$bin" --store lm query --format csv -e "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$1> { ?s ?p ?o } }" | tail -1 | tr -d '\r'; }
n=$(count https://w3id.org/igmap/graph/big)
[ "$n" -gt 90000 ] || fail "graph:big holds $n quads"
both load small.nt twice.nt
same "repeated lines and shared nodes"
both load --graph graph:big small.nt
same "reload replaces the graph"
both load "$fix/quads.nq" "$fix/landscape.ttl"
same "quads and landscape"
"$bin" --store lm export --inferred --format nquads >inf1.nq || fail "export inferred"
[ -s inf1.nq ] || fail "the landscape derives nothing"
both load small.nt
same "a load the rules do not read"
"$bin" --store lm export --inferred --format nquads >inf2.nq
cmp -s inf1.nq inf2.nq || fail "graph:inferred changed after an unrelated load"
: >landscape.ttl
both load landscape.ttl
same "the landscape removed"
[ "$("$bin" --store lm export --inferred --format nquads | wc -l)" -lt "$(wc -l <inf1.nq)" ] ||
  fail "removing the landscape did not shrink graph:inferred"
echo ok
