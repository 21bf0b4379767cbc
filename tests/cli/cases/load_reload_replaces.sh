igmap -q --store s init --empty
cp $FIX/small.nt g.nt
igmap -q --store s load g.nt
head -1 $FIX/small.nt > g.nt
igmap -q --store s load g.nt
igmap -q --store s load g.nt
igmap --store s export --format nquads
