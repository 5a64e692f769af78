threshold = 50
