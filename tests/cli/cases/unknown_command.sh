igmap frobnicate
