decision "AHP" { weights = "ahp", pairwise = { { "a", "b", 12 } } }
criterion "a" { better = "higher" }
criterion "b" { better = "higher" }
option "X" { a = 1, b = 2 }
