-- Which message broker carries checkout's order events?
-- Run: tradeoff rank examples/message-broker.lua

decision "Message broker for order events" {
  context = [[Checkout emits ~20k events/s at peak; we cannot lose paid orders.
Two brokers are declared here; four more come from more-brokers.csv.]],
  method  = "wsm",
  status   = "accepted",
  date     = "2026-11-30",
  deciders = { "Ana Lima (checkout)", "Ben Okafor (SRE)" },
}

criterion "throughput" { weight = 5, better = "higher", unit = "msg/s" }
criterion "p99_ms"     { weight = 3, better = "lower",  unit = "ms",
                         must = "<= 50", because = "checkout SLO is 50 ms p99" }
criterion "ops_cost"   { weight = 2, better = "lower",  unit = "$/month" }
criterion "team_fit"   { weight = 1, levels = { none = 0, some = 0.5, strong = 1 } }
criterion "maturity"   { weight = 2,
                         score = function(o) return math.min(o.years_in_prod / 10, 1) end }

-- Who cares about what: the sensitivity report ranks the brokers under each
-- team's weights, aggregates them and shows each option's regret.
stakeholder "Checkout team" { weights = { p99_ms = 5, throughput = 3, ops_cost = 1, team_fit = 1, maturity = 1 } }
stakeholder "SRE"           { weights = { ops_cost = 4, maturity = 4, team_fit = 2, p99_ms = 1, throughput = 1 } }

option "Kafka"    { throughput = 200000, p99_ms = 25, ops_cost = 4200, team_fit = "some",   years_in_prod = 12 }
option "RabbitMQ" { throughput = 40000,  p99_ms = 12, ops_cost = 1500, team_fit = "strong", years_in_prod = 15 }

options "more-brokers.csv"   -- rows from a CSV, path relative to this file
