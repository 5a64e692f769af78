-- Names and reasons with Markdown and table syntax in them: `rank -f md`
-- must keep them text, one table cell each.
decision "Pipes | and <b>tags</b>" {
  context = [[# not a heading
1. not a list
a [link](http://example.com) and *stars*]],
}

criterion "cost" { weight = 1, better = "lower",
                   must = "< 100", because = "budget | hard cap" }

option "A|B"          { cost = 10 }
option "[x](http://e)" { cost = 20 }
option "two_words_"   { cost = 500 }
