igmap -q --store s init --empty
igmap -q --store s load $FIX/xxe.rdf || echo "load exit $?"
igmap --store s export --format ntriples
