criterion "x" { weight = 1, better = "higher" }
option "A" { x = 1 }
option "A" { x = 2 }
