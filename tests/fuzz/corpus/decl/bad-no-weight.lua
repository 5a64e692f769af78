criterion "x" { better = "higher" }
option "A" { x = 1 }
