igmap -q --store s init --empty
igmap --store s export -o nodir/out.ttl
