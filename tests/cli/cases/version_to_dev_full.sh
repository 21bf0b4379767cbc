igmap --version > /dev/full
