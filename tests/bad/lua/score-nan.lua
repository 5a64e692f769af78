criterion "x" { weight = 1, better = "higher", score = function(o) return 0/0 end }
option "A" { }
