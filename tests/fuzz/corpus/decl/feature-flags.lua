-- Build or buy a feature flag service?
-- Run: tradeoff rank examples/feature-flags.lua -f json

decision "Feature flags: build or buy" {
  context = [[40 engineers, 3 products, flags evaluated server-side and in the
mobile apps. Audit needs a change log of every flag flip.]],
}

criterion "cost_3y" { weight = 3, better = "lower", unit = "k$",
                      -- licences plus our own engineering time over three years
                      score = function(o) return o.licence_k_per_year * 3 + o.build_weeks * 4 + o.upkeep_weeks_per_year * 3 * 4 end }
criterion "time_to_value_weeks" { weight = 2, better = "lower", unit = "weeks" }
criterion "audit_log" { weight = 2, levels = { none = 0, basic = 0.5, full = 1 },
                        must = function(level) return level ~= "none", "no audit trail of flag flips" end,
                        because = "SOX audit requires a record of production changes" }
criterion "sla" { weight = 1, better = "higher", unit = "%",
                  must = ">= 99.9", because = "flags are on the request path" }
criterion "sdk_languages" { weight = 1, better = "higher", unit = "languages" }
criterion "lock_in" { weight = 1, levels = { low = 1, medium = 0.5, high = 0 } }

option "Build in-house" {
  licence_k_per_year = 0, build_weeks = 10, upkeep_weeks_per_year = 6,
  time_to_value_weeks = 10, audit_log = "basic", sla = 99.95, sdk_languages = 2, lock_in = "low",
}
option "LaunchDarkly" {
  licence_k_per_year = 60, build_weeks = 1, upkeep_weeks_per_year = 0.5,
  time_to_value_weeks = 1, audit_log = "full", sla = 99.99, sdk_languages = 25, lock_in = "high",
}
option "Unleash (self-hosted)" {
  licence_k_per_year = 0, build_weeks = 3, upkeep_weeks_per_year = 3,
  time_to_value_weeks = 3, audit_log = "full", sla = 99.9, sdk_languages = 15, lock_in = "low",
}
option "Flagsmith (cloud)" {
  licence_k_per_year = 25, build_weeks = 1, upkeep_weeks_per_year = 0.5,
  time_to_value_weeks = 1, audit_log = "full", sla = 99.9, sdk_languages = 14, lock_in = "medium",
}
option "Config file in the repo" {
  licence_k_per_year = 0, build_weeks = 0.5, upkeep_weeks_per_year = 1,
  time_to_value_weeks = 0.5, audit_log = "none", sla = 99.95, sdk_languages = 3, lock_in = "low",
}
