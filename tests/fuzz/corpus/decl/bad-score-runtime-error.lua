criterion "maturity" { weight = 1,
  score = function(o) return o.years_in_prod / 10 end }
option "Kafka" { years_in_prod = 12 }
option "Pulsar" { }
