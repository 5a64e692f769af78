local mt = getmetatable(_G)
mt.__index = function() return 42 end
