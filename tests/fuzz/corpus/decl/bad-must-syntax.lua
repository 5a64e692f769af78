criterion "p99_ms" { weight = 1, better = "lower", must = "<= fifty" }
