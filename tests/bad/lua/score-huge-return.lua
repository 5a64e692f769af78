-- a score that returns a million-element table
criterion "x" { weight = 1, better = "higher",
  score = function(o)
    local t = {}
    for i = 1, 1e6 do t[i] = i end
    return t
  end }
option "A" { }
