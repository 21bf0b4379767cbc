igmap --store s init now
