criterion "x" { weight = 1, better = "higher" }
option "A" { x = 1 
option "B" { x = 2 }
