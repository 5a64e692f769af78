decision "TOPSIS" { method = "topsis" }
criterion "cost" { weight = 1, better = "lower", scale = {0, 500} }
