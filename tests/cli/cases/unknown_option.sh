igmap --store s init --empty 2>/dev/null
igmap --store s export --frob
