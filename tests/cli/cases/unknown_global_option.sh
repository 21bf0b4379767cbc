igmap --frob query -e 'ASK {}'
