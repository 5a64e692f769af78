criterion "x" { weight = 1, better = "higher",
  score = function(o) while true do end end }
option "A" { }
