#!/usr/bin/env bash
# Crash safety: `igmap load` and `igmap init --force` killed with SIGKILL at many moments spread
# over the whole write (parsing, adding, deriving, committing, and after the commit). After every
# kill the store must open, pass `validate`, and hold exactly the old or exactly the new content
# (compared as sorted N-Quads). Both states pass `validate`, so equal content is valid content;
# `validate` also runs on the killed store itself every fifth trial (it takes seconds).
# IGMAP_CRASH_TRIALS sets the number of trials (default 50).
. "$(dirname "$0")/../io/common.sh"
trials=${IGMAP_CRASH_TRIALS:-50}
s="$tmp/store"
n_triples 60000 crash >"$tmp/big.nt"

export_sorted() { "$bin" --store "$1" export --format nquads | sort; }
# the two states: A = bundled data, B = bundled data + big.nt
"$bin" -q --store "$tmp/a" init || fail "init a"
"$bin" -q --store "$tmp/b" init || fail "init b"
"$bin" -q --store "$tmp/b" load "$tmp/big.nt" || fail "load b"
export_sorted "$tmp/a" >"$tmp/A.nq"
export_sorted "$tmp/b" >"$tmp/B.nq"
cmp -s "$tmp/A.nq" "$tmp/B.nq" && fail "states A and B are the same"

# how long each write takes, to spread the kills over it
elapsed() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
cp -r "$tmp/a" "$s"
t_load=$(elapsed "$bin" -q --store "$s" load "$tmp/big.nt")
t_init=$(elapsed "$bin" -q --store "$s" init --force)

"$bin" --store "$tmp/a" validate >/dev/null 2>&1 || fail "state A does not validate"
"$bin" --store "$tmp/b" validate >/dev/null 2>&1 || fail "state B does not validate"
check() { # check TRIAL: the store is A or B and valid; prints which
  if (($1 % 5 == 4)); then
    "$bin" --store "$s" validate >/dev/null 2>"$tmp/verr"; local rc=$?
    [ "$rc" = 0 ] || fail "trial $1: validate exit $rc: $(head -3 "$tmp/verr")"
  fi
  export_sorted "$s" >"$tmp/now.nq" || fail "trial $1: store does not open"
  if cmp -s "$tmp/now.nq" "$tmp/A.nq"; then echo A
  elif cmp -s "$tmp/now.nq" "$tmp/B.nq"; then echo B
  else fail "trial $1: neither the old nor the new content ($(wc -l <"$tmp/now.nq") quads)"; fi
}
declare -A outcome
for ((i = 0; i < trials; i++)); do
  if ((i % 2 == 0)); then   # load: A -> B
    rm -rf "$s"; cp -r "$tmp/a" "$s"; total=$t_load; what=load
    "$bin" -q --store "$s" load "$tmp/big.nt" 2>/dev/null & pid=$!
  else                      # init --force: B -> A
    rm -rf "$s"; cp -r "$tmp/b" "$s"; total=$t_init; what=init
    "$bin" -q --store "$s" init --force 2>/dev/null & pid=$!
  fi
  # kill moments from 2% to 160% of the measured duration
  ms=$(( total * (2 + (i * 158) / trials) / 100 ))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  r=$(check "$i") || { echo "$r"; exit 1; }
  outcome[$what-$r]=$(( ${outcome[$what-$r]:-0} + 1 ))
done
echo "ok: $trials kill trials (load ${t_load} ms, init ${t_init} ms):" \
  "load old ${outcome[load-A]:-0} new ${outcome[load-B]:-0}," \
  "init old ${outcome[init-B]:-0} new ${outcome[init-A]:-0}"
