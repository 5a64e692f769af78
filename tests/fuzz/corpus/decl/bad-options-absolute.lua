criterion "x" { weight = 1, better = "higher" }
options "/etc/passwd"
