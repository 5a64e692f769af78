criterion "latency" { wieght = 3, better = "lower" }
