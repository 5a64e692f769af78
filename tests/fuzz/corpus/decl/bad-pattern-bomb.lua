local s = string.rep("a", 5000)
local x = s:find(".-.-.-.-.-b")
