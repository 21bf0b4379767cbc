igmap --store memory: gaps
