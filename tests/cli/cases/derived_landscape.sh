igmap -q --store s init --empty
igmap -q --store s load $FIX/landscape.ttl
igmap --store s export --inferred
