igmap -q --store s init --empty
printf 'SELECT ?x\nWHERE {\n  ?x ?p\n}\n' > bad.rq
igmap --store s query bad.rq
