igmap query --help | head -3
