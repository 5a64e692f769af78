-- A decision with a value nobody has measured and one only known roughly.
decision "Cache for the session store" { }
criterion "p99_ms"   { weight = 3, better = "lower", unit = "ms" }
criterion "cost"     { weight = 2, better = "lower", unit = "$/month" }
criterion "ops_load" { weight = 1, better = "lower", unit = "h/month" }
option "Redis"     { p99_ms = 2, cost = 900,  ops_load = 6 }
option "Memcached" { p99_ms = 1, cost = 760,  ops_load = 8 }
option "Dragonfly" { p99_ms = 1, cost = {500, 1100} , ops_load = 4 }
option "KeyDB"     { p99_ms = 3, ops_load = 5 }
