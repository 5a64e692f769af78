-- an error object whose message is a memory bomb
error(setmetatable({}, { __tostring = function() return string.rep("x", 1e9) end }))
