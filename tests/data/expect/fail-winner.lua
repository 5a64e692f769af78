-- A winner that is not the winner. (tests/cli/cases/check-expect-fail-winner)
decision "Message broker" { method = "wsm" }

criterion "throughput" { weight = 0.40, better = "higher", unit = "k msg/s" }
criterion "ops"        { weight = 0.35, better = "lower", unit = "h/month" }
criterion "latency"    { weight = 0.25, better = "lower", unit = "ms p99",
                         must = "<= 50", because = "checkout SLO is 50 ms p99" }

option "Kafka"    { throughput = 100, ops = 10, latency = 20 }
option "RabbitMQ" { throughput = 40,  ops = 12, latency = 15 }
option "NATS"     { throughput = 30,  ops = 4,  latency = 5 }
option "Pulsar"   { throughput = 60,  ops = 30, latency = 80 }

expect { winner = "Kafka" }
