igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl $FIX/small.nt $FIX/landscape.ttl
igmap --store s export --format nquads > a.nq
igmap -q --store s2 init --empty
igmap -q --store s2 load $FIX/landscape.ttl $FIX/small.nt $FIX/small.ttl
igmap --store s2 export --format nquads > b.nq
igmap --store s export > a.ttl
igmap --store s export > b.ttl
cmp a.ttl b.ttl && echo same turtle
grep -v '^_:' a.nq | grep -v ' _:' > a2.nq; grep -v '^_:' b.nq | grep -v ' _:' > b2.nq; cmp a2.nq b2.nq && echo same quads across load orders
rapper -q -i turtle -o ntriples a.ttl | sort > r.nt
igmap --store s export --format ntriples | rapper -q -i ntriples -o ntriples - http://base/ | sort > e.nt
cmp r.nt e.nt && echo rapper reads the same triples
