criterion "latency" { weight = 3, better = "faster" }
