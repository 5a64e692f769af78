decision "ROC" { weights = "roc", order = { "a" } }
criterion "a" { better = "higher" }
criterion "b" { better = "higher" }
option "X" { a = 1, b = 2 }
option "Y" { a = 2, b = 1 }
