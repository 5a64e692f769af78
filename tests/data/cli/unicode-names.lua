-- Names with non-ASCII letters: with --ascii (or a locale that is not
-- UTF-8) our own decorations turn ASCII, the user's names stay as written.
decision "Café queue — shortlist" {}

criterion "débit" { weight = 2, better = "higher" }
criterion "coût"  { weight = 1, better = "lower" }

option "Zürich MQ"       { ["débit"] = 900, ["coût"] = 40 }
option "Øresund Streams" { ["débit"] = 700, ["coût"] = 20 }
option "a very long option name that the narrow table must cut" { ["débit"] = 100, ["coût"] = 90 }
