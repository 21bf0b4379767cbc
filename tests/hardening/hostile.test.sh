#!/usr/bin/env bash
# Hostile input: nothing outside what the user gave is ever read, huge terms and deep nesting
# give an answer or a clear error (never a crash), invalid UTF-8 is refused with its place.
set -u
bin=${IGMAP_BIN:?}; src=${IGMAP_SOURCE_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want; stderr: $(head -c 300 "$tmp/err")"
}
cd "$tmp"
s="$tmp/s"
"$bin" -q --store "$s" init --empty || fail init

# a secret file that must never be read
printf '<http://secret/s> <http://secret/p> "TOP SECRET" .\n' >secret.nt
secret_uri="file://$tmp/secret.nt"

# 1. RDF/XML with an external entity and a DTD: the entity is not expanded
cat >xxe.rdf <<XML
<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY leak SYSTEM "$secret_uri"> <!ENTITY local "inline"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&leak;</ex:p><ex:q>&local;</ex:q></rdf:Description>
</rdf:RDF>
XML
"$bin" -q --store "$s" load xxe.rdf >/dev/null 2>&1
"$bin" --store "$s" export --format ntriples | grep -q "SECRET" && fail "external entity expanded"

# 2. Turtle with @base and relative IRIs naming local files: they stay IRIs, nothing is read
printf '@base <file://%s/> .\n<secret.nt> <http://example.org/p> <secret.nt> .\n' "$tmp" >base.ttl
expect 0 "turtle with @base" -- "$bin" -q --store "$s" load base.ttl
"$bin" --store "$s" export --format ntriples | grep -q "SECRET" && fail "@base file read"
"$bin" --store "$s" export --format ntriples | grep -q "<$secret_uri> <http://example.org/p> <$secret_uri>" || fail "@base not applied"

# 3. Queries naming local files or URLs: FROM/FROM NAMED select only among graphs igmap holds;
#    SERVICE and LOAD are refused; nothing is fetched
for q in "SELECT * FROM <$secret_uri> WHERE { ?s ?p ?o }" \
         "SELECT * FROM NAMED <$secret_uri> WHERE { GRAPH ?g { ?s ?p ?o } }" \
         "SELECT * WHERE { GRAPH <$secret_uri> { ?s ?p ?o } }"; do
  "$bin" --store "$s" query --format csv -e "$q" >"$tmp/out" 2>/dev/null
  grep -q "SECRET" "$tmp/out" && fail "query read a local file: $q"
  "$bin" --store memory: query --format csv --data base.ttl -e "$q" >"$tmp/out" 2>/dev/null
  grep -q "SECRET" "$tmp/out" && fail "query over --data read a local file: $q"
done
expect 3 "SERVICE" -- "$bin" --store "$s" query -e "SELECT * WHERE { SERVICE <$secret_uri> { ?s ?p ?o } }"
expect 3 "SERVICE to a URL" -- "$bin" --store "$s" query -e "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
expect 3 "LOAD" -- "$bin" --store "$s" query -e "LOAD <$secret_uri>"
"$bin" --store "$s" export --format ntriples | grep -q "SECRET" && fail "LOAD read a file"

# 4. Terms of 1 MB: stored and returned whole
big=$(head -c 1048576 /dev/zero | tr '\0' 'a')
printf '<http://example.org/%s> <http://example.org/p> "%s" .\n' "$big" "$big" >big.nt
expect 0 "1 MB IRI and literal" -- "$bin" -q --store "$s" load big.nt
n=$("$bin" --store "$s" export --graph graph:big --format ntriples | wc -c)
[ "$n" -gt 2097152 ] || fail "1 MB terms truncated ($n bytes)"
expect 0 "query with a 1 MB literal" -- "$bin" --store "$s" query --format csv -e "SELECT (STRLEN(?o) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
grep -q '^1048576' "$tmp/out" || fail "1 MB literal length: $(head -c 100 "$tmp/out")"

# 5. Deeply nested expressions and groups: a clear error, no stack overflow
python3 -c 'print("SELECT * WHERE { FILTER(" + "(" * 200000 + "1" + ")" * 200000 + ") }")' >deep1.rq
expect 3 "200000 nested parentheses" -- "$bin" --store memory: query --data base.ttl deep1.rq
grep -q "nest" "$tmp/err" || fail "no nesting message: $(head -c 200 "$tmp/err")"
python3 -c 'print("SELECT * WHERE " + "{" * 100000 + "}" * 100000)' >deep2.rq
expect 3 "100000 nested groups" -- "$bin" --store memory: query --data base.ttl deep2.rq
python3 -c 'print("SELECT * WHERE { ?s ?p " + "[ <p> " * 100000 + "1" + " ]" * 100000 + " }")' >deep3.rq
expect 3 "100000 nested blank nodes" -- "$bin" --store memory: query --data base.ttl deep3.rq

# 6. Invalid UTF-8 in data and in queries: refused with the place (data) or a syntax error
printf '<http://example.org/a> <http://example.org/p> "bad \xff\xfe byte" .\n' >badutf8.nt
"$bin" -q --store "$s" load badutf8.nt >/dev/null 2>"$tmp/err"; rc=$?
case $rc in 0|3) ;; *) fail "invalid UTF-8 data: exit $rc";; esac
printf 'SELECT * WHERE { ?s ?p "\xff\xfe" }' >badutf8.rq
"$bin" --store "$s" query badutf8.rq >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" = 3 ] || fail "invalid UTF-8 query: exit $rc"
grep -q "badutf8.rq:1:" "$tmp/err" || fail "invalid UTF-8 query: no place: $(cat "$tmp/err")"

# 7. --param values with quotes, braces, newlines and '>' stay one literal
printf '<http://example.org/a> <http://example.org/label> "x\\" } UNION { ?s ?p ?o } #" .\n' >p.nt
"$bin" -q --store "$s" load p.nt
for v in 'x" } UNION { ?s ?p ?o } #' "a>b" $'line1\nline2' '{}' '<http://e/x> } UNION { ?s ?p ?o'; do
  "$bin" --store "$s" query --format csv --param v="$v" -e 'SELECT ?s WHERE { ?s <http://example.org/label> ?v }' >"$tmp/out" 2>"$tmp/err" || fail "param '$v' failed: $(cat "$tmp/err")"
  lines=$(wc -l <"$tmp/out")
  case "$v" in 'x" } UNION'*) [ "$lines" = 2 ] || fail "param '$v': $lines lines";;
               *) [ "$lines" = 1 ] || fail "param '$v' matched something: $(cat "$tmp/out")";; esac
done
echo "ok"
