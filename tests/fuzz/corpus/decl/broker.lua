-- A decision file for the lua_decl tests (tests/unit/test_lua_decl.c).
decision "Message broker for order events" {
  context = [[Checkout emits ~20k events/s at peak; we cannot lose paid orders.]],
  method  = "topsis",
}

criterion "throughput" { weight = 5, better = "higher", unit = "msg/s" }
criterion "p99_ms"     { weight = 3, better = "lower",  unit = "ms",
                         must = "<= 50", because = "checkout SLO is 50 ms p99" }
criterion "ops_cost"   { weight = 2, better = "lower",  unit = "$/month" }
criterion "team_fit"   { weight = 1, levels = { none = 0, some = 0.5, strong = 1 } }
criterion "maturity"   { weight = 2, better = "higher",
                         score = function(o) return math.min(o.years_in_prod / 10, 1) end }

option "Kafka"    { throughput = 200000, p99_ms = 25, ops_cost = 4200, team_fit = "some",   years_in_prod = 12 }
option "RabbitMQ" { throughput = 40000,  p99_ms = 12, ops_cost = 1500, team_fit = "strong", years_in_prod = 15 }

options "more-brokers.csv"   -- rows from a CSV, path relative to this file
