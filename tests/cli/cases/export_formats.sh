igmap -q --store s init --empty
igmap -q --store s load $FIX/small.nt
for f in turtle ntriples nquads rdfxml; do igmap --store s export --format $f; done
