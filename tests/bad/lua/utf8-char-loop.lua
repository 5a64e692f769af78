local t = {}
for i = 1, 1e9 do t[#t + 1] = utf8.char(i % 0x10FFFF) end
