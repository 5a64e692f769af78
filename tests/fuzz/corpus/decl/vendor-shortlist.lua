-- Observability vendor shortlist, ranked with PROMETHEE II: differences
-- below a threshold do not count, differences above another count fully.
-- Run: tradeoff rank examples/vendor-shortlist.lua -f csv

decision "Observability vendor for the platform team" {
  context = [[Logs, metrics and traces for ~400 services; 2 TB/day of logs.]],
  method  = "promethee2",
}

criterion "annual_cost_k" { weight = 4, better = "lower", unit = "k$/year",
                            preference = "linear", q = 20, p = 120 }
criterion "query_p95_s"   { weight = 3, better = "lower", unit = "s",
                            preference = "vshape", p = 4 }
criterion "retention_days" { weight = 2, better = "higher", unit = "days",
                            preference = "level", q = 7, p = 30 }
criterion "otel_native"   { weight = 2, levels = { no = 0, partial = 0.5, yes = 1 } }
criterion "data_residency" { weight = 1, better = "higher",
                             must = "== true", because = "EU customer logs must stay in the EU" }

option "Datadog"        { annual_cost_k = 620, query_p95_s = 3,  retention_days = 15, otel_native = "partial", data_residency = true }
option "Grafana Cloud"  { annual_cost_k = 310, query_p95_s = 5,  retention_days = 30, otel_native = "yes",     data_residency = true }
option "Honeycomb"      { annual_cost_k = 280, query_p95_s = 2,  retention_days = 60, otel_native = "yes",     data_residency = true }
option "Self-hosted LGTM" { annual_cost_k = 190, query_p95_s = 8, retention_days = 90, otel_native = "yes",    data_residency = true }
option "New Relic"      { annual_cost_k = 450, query_p95_s = 4,  retention_days = 30, otel_native = "partial", data_residency = false }
