-- Where should the monorepo's CI jobs run?
-- Weights from pairwise judgements (AHP), scored with TOPSIS, with a
-- scoring rule for queue time: "under a minute is perfect, ten minutes is
-- worthless".
-- Run: tradeoff rank examples/ci-runners.lua
--      tradeoff weights examples/ci-runners.lua

decision "CI runners for the monorepo" {
  context = [[600 engineers, ~9,000 jobs a day, fork PRs from outside
contributors. Queue time at 10:00 UTC is what people complain about.]],
  method  = "topsis",
  weights = "ahp",
  pairwise = {
    { "queue_time", "cost",        3 },
    { "queue_time", "maintenance", 5 },
    { "queue_time", "isolation",   2 },
    { "cost",       "maintenance", 2 },
    { "cost",       "isolation",   1/2 },
    { "maintenance", "isolation",  1/3 },
  },
}

criterion "queue_time"  { unit = "s (p90 at peak)",
                          score = piecewise { {0, 1}, {60, 1}, {600, 0} } }
criterion "cost"        { better = "lower", unit = "$/month" }
criterion "maintenance" { better = "lower", unit = "h/month" }
criterion "isolation"   { levels = { shared = 0, container = 0.5, vm = 1 },
                          must = "~= 'shared'",
                          because = "fork PRs run untrusted code on these machines" }

option "GitHub-hosted"            { queue_time = 45,  cost = 21000, maintenance = 2,  isolation = "vm" }
option "Self-hosted on k8s"       { queue_time = 20,  cost = 9000,  maintenance = 40, isolation = "container" }
option "Autoscaled EC2 (ephemeral)" { queue_time = 90, cost = 11000, maintenance = 16, isolation = "vm" }
option "Bare-metal pool"          { queue_time = 300, cost = 6000,  maintenance = 30, isolation = "shared" }
option "Buildkite + spot fleet"   { queue_time = 35,  cost = 12500, maintenance = 10, isolation = "vm" }
