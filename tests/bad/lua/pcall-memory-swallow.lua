-- catch the memory error and try again, forever
while true do pcall(string.rep, "x", 1e9) end
