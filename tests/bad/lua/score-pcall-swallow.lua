-- a score that catches the budget error and keeps going
criterion "x" { weight = 1, better = "higher",
  score = function(o)
    while true do pcall(function() while true do end end) end
  end }
option "A" { }
