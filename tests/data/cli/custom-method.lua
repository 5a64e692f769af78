-- A decision that brings its own aggregation: the worst normalised value
-- (maximin), so an option is as good as its weakest criterion.
decision "Maximin" {
  method = function(m)
    local scores = {}
    for i = 1, m.n do
      local worst = 1
      for c = 1, #m.criteria do
        if m.matrix[i][c] < worst then worst = m.matrix[i][c] end
      end
      scores[i] = worst
    end
    return scores
  end,
}
criterion "speed" { weight = 1, better = "higher" }
criterion "cost"  { weight = 1, better = "lower" }
option "A" { speed = 10, cost = 10 }
option "B" { speed = 6,  cost = 4 }
option "C" { speed = 2,  cost = 1 }
