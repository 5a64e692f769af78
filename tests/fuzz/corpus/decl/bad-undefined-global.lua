criterion "x" { weight = 1, better = "higher" }
optoin "A" { x = 1 }
