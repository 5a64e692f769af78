local n = select("#", table.unpack({}, 1, 1e8))
