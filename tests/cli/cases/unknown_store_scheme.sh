igmap --store postgres:db query -e 'ASK {}'
