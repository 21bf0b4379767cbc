igmap -q --store s init --empty
for f in table csv tsv json xml; do igmap --store s query --format $f -e 'SELECT ?x ?y WHERE { ?x <http://example.org/none> ?y }'; done
