igmap help nosuch
