-- The primary database for a new billing service.
-- Run: tradeoff rank examples/primary-database.lua -f csv

decision "Primary database for billing" {
  context = [[Invoices, payments and refunds: about 2,000 writes/s at month end,
relational reporting, a small platform team, EU data residency.]],
}

criterion "transactions" {
  weight = 4,
  levels = { none = 0, single_document = 0.4, multi_row = 1 },
  must = "~= 'none'",
  because = "a payment and its ledger entry must commit together",
}
criterion "write_p99_ms" { weight = 2, better = "lower", unit = "ms",
                           must = "<= 20", because = "the payment API budget leaves 20 ms for the write" }
criterion "ops_hours"    { weight = 3, better = "lower", unit = "h/month",
                           scale = { 0, 80 } }   -- a fixed scale: stable across option sets
criterion "monthly_cost" { weight = 2, better = "lower", unit = "$/month" }
criterion "ecosystem"    { weight = 1, levels = { niche = 0, good = 0.6, vast = 1 } }
criterion "eu_region"    { weight = 1, better = "higher",
                           must = "== true", because = "customer data must stay in the EU" }

option "PostgreSQL (managed)" { transactions = "multi_row", write_p99_ms = 6,  ops_hours = 10, monthly_cost = 1800, ecosystem = "vast", eu_region = true }
option "MySQL (managed)"      { transactions = "multi_row", write_p99_ms = 7,  ops_hours = 12, monthly_cost = 1500, ecosystem = "vast", eu_region = true }
option "CockroachDB"          { transactions = "multi_row", write_p99_ms = 18, ops_hours = 30, monthly_cost = 3400, ecosystem = "good", eu_region = true }
option "MongoDB Atlas"        { transactions = "single_document", write_p99_ms = 5, ops_hours = 8, monthly_cost = 2100, ecosystem = "vast", eu_region = true }
option "DynamoDB"             { transactions = "single_document", write_p99_ms = 9, ops_hours = 4, monthly_cost = 1300, ecosystem = "good", eu_region = false }
option "Cassandra"            { transactions = "none", write_p99_ms = 4, ops_hours = 60, monthly_cost = 2600, ecosystem = "good", eu_region = true }
