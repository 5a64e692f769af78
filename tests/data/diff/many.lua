-- Many edits: a weight, a guardrail, a criterion added and one removed,
-- an option added, a value changed. (tests/cli/cases/diff-many)
decision "Message broker" { method = "wsm" }

criterion "throughput" { weight = 0.5, better = "higher" }
criterion "latency"    { weight = 0.3, better = "lower", must = "<= 18" }
criterion "maturity"   { weight = 0.2, better = "higher" }

option "Kafka"    { throughput = 100, ops = 10, latency = 20, maturity = 5 }
option "RabbitMQ" { throughput = 45,  ops = 12, latency = 15, maturity = 5 }
option "NATS"     { throughput = 30,  ops = 4,  latency = 5,  maturity = 3 }
option "Redis"    { throughput = 80,  ops = 3,  latency = 2,  maturity = 2 }
