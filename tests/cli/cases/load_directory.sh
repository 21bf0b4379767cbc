igmap -q --store s init --empty
mkdir d.ttl
igmap --store s load d.ttl
