decision "No scales" {}
criterion "cost" { weight = 1, better = "lower" }
criterion "cpu" { weight = 1, better = "higher", scale = {0, 64} }
