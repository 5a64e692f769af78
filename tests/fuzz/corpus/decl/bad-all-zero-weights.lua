criterion "x" { weight = 0, better = "higher" }
option "A" { x = 1 }
option "B" { x = 2 }
