-- The old version (tests/cli/cases/diff-*): Kafka wins on throughput.
decision "Message broker" { method = "wsm" }

criterion "throughput" { weight = 0.5, better = "higher" }
criterion "ops"        { weight = 0.3, better = "lower" }
criterion "latency"    { weight = 0.2, better = "lower", must = "<= 50" }

option "Kafka"    { throughput = 100, ops = 10, latency = 20 }
option "RabbitMQ" { throughput = 40,  ops = 12, latency = 15 }
option "NATS"     { throughput = 30,  ops = 4,  latency = 5 }
