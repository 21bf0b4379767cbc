igmap --store s export --asserted --inferred
