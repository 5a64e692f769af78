criterion "replication" { weight = 1, better = "higher", must = "== 'sync'" }
option "A" { replication = 3 }
