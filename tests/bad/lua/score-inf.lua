criterion "x" { weight = 1, better = "higher", score = function(o) return 1/0 end }
option "A" { }
