igmap -q --store s init --empty
igmap -q --store s load $FIX/small.nt
igmap --store s load $FIX/small.ttl $FIX/bad.ttl || echo "load exit $?"
igmap --store s export --format nquads
