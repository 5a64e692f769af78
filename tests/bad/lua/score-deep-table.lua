-- a score that returns a deeply nested table
criterion "x" { weight = 1, better = "higher",
  score = function(o)
    local t = {}
    for i = 1, 1e5 do t = { t } end
    return t
  end }
option "A" { }
