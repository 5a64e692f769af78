-- Every option breaks the latency guardrail: nothing is chosen, so
-- `explain` needs an option name.
decision "Nothing passes" { method = "wsm" }

criterion "throughput" { weight = 2, better = "higher" }
criterion "p99_ms"     { weight = 1, better = "lower",
                         must = "<= 10", because = "the SLO is 10 ms" }

option "Slow A" { throughput = 100, p99_ms = 40 }
option "Slow B" { throughput = 200, p99_ms = 90 }
