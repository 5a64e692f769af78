criterion "p99_ms" { weight = 3, better = "lower" }
options "ragged.csv"
