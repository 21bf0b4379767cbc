igmap -q --store s init --empty
igmap -q --store s load $FIX/landscape.ttl
igmap --store s export --asserted --format ntriples | wc -l
igmap --store s export --inferred --format ntriples | wc -l
igmap --store s export --format ntriples | wc -l
