local ok, e = xpcall(function(a) error("boom " .. a) end, function(m) return "handled: " .. m end, "x") print(ok, e) criterion "x" {weight=1, better="higher"} option "A" {x=1}
