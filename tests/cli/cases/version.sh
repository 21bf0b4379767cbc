igmap --version
