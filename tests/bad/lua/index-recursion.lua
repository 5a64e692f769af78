-- recursion through metamethods: __index calls itself from C
local t = setmetatable({}, {})
getmetatable(t).__index = function(self, k) return self[k] end
local x = t.anything
