criterion "x" { weight = 1, better = "higher" }
options "../csv/ragged-row.csv"
