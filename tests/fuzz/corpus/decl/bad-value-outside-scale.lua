criterion "uptime" { weight = 1, better = "higher", scale = { 0, 100 } }
option "A" { uptime = 99.9 }
option "B" { uptime = 101 }
