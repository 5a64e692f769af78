-- A decision for batch scoring: every criterion has a fixed scale, so a
-- row's score does not depend on the other rows.
decision "Pick a host size for the nightly build" {}

criterion "cost" { weight = 3, better = "lower", scale = {0, 500}, unit = "USD/month",
                   must = "<= 400", because = "the budget line" }
criterion "cpu" { weight = 2, better = "higher", scale = {0, 64} }
criterion "ram" { weight = 2, better = "higher", scale = {0, 256} }
criterion "tier" { weight = 1, better = "higher", scale = {1, 3},
                   levels = { bronze = 1, silver = 2, gold = 3 } }
