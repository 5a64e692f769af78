getmetatable("").__index = { rep = function() return "pwned" end }
