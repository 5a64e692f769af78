criterion "x" { weight = 1, better = "higher" }
option "A" { x = 0/0 }
