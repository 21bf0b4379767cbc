igmap --help
