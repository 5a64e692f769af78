criterion "x" { weight = 1, better = "higher" }
os.execute("touch /tmp/tradeoff-pwned")
