criterion "maturity" { weight = 1, score = function(o) return o.years end }
option "A" { years = 3 }
option "B" { age = 3 }
