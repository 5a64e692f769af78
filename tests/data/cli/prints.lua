print("loading", 2, "criteria")
criterion "x" { weight = 1, better = "higher" }
criterion "y" { weight = 1, score = function(o) print("scoring " .. o.name) return o.x * 2 end }
option "A" { x = 1 }
option "B" { x = 2 }
