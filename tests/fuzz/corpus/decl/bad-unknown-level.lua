criterion "fit" { weight = 1, levels = { none = 0, some = 0.5, strong = 1 } }
option "A" { fit = "strong" }
option "B" { fit = "medium" }
