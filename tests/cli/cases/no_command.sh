igmap
