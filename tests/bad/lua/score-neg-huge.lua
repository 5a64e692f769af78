criterion "x" { weight = 1, better = "higher", score = function(o) return -math.huge end }
option "A" { }
