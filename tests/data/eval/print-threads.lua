-- eval -j 4 loads this file once more for each scoring thread: the
-- print at the top must show once, the one in the score function for
-- each row that calls it, whichever state scores that row
print("loaded")
decision "Score with a Lua function, on threads" {}

criterion "speed" { weight = 2, better = "higher", scale = {0, 100},
                    score = function(o)
                        if o.name == "b" then print("scoring b") end
                        return o.ops / 10
                    end }
criterion "cost" { weight = 1, better = "lower", scale = {0, 1000} }
