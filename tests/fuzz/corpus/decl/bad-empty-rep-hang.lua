-- Lua 5.4.4's string.rep loops n times in C even for an empty result.
local s = string.rep("", 1e18)
criterion "x" { weight = 1, better = "higher" }
option "A" { x = #s }
