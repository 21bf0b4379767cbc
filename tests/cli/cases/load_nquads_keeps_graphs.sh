igmap -q --store s init --empty
igmap --store s load $FIX/quads.nq
igmap --store s export --format nquads
