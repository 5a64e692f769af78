decision "Score with a Lua function" {}

criterion "speed" { weight = 2, better = "higher", scale = {0, 100},
                    score = function(o) return o.ops / 10 end }
criterion "cost" { weight = 1, better = "lower", scale = {0, 1000} }
