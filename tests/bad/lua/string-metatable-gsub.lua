-- replace a string method through the shared string metatable
local mt = getmetatable("x")
rawset(mt, "__index", { upper = function() return "pwned" end })
