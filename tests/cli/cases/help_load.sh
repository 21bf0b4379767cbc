igmap help load
