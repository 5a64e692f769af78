decision "PROMETHEE" { method = "promethee2" }
criterion "cost" { weight = 1, better = "lower", preference = "linear", q = 0, p = 0 }
option "A" { cost = 1 }
