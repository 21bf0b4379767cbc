igmap -q --store s init --empty
cat $FIX/small.nt | igmap --store s load --format ntriples -
igmap --store s export --format nquads
