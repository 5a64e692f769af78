-- a score that rewrites the option it is given and plants a finalizer
criterion "x" { weight = 1, better = "higher",
  score = function(o)
    o.x = 1e9
    setmetatable(o, { __gc = function() while true do end end })
    return 1
  end }
option "A" { x = 1 }
