igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
for f in table csv tsv json xml; do igmap --store s query --format $f -e 'ASK { ?x a <http://example.org/Body> }'; done
igmap --store s query -e 'ASK { ?x a <http://example.org/Nothing> }' || echo "ask exit $?"
