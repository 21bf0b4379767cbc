igmap query --format help -e 'ASK {}'
