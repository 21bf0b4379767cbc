igmap -q --store s init --empty
igmap --store s load $FIX/quads.trig
igmap --store s export --format nquads
