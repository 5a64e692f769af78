criterion "x" { weight = 1, score = { kind = "linear", lo = 0, hi = 1 } }
