igmap -q --store s init --empty
igmap -q --store s load $FIX/small.nt
igmap --store s export > /dev/full
