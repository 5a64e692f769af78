local io = rawget(_G, "io")
io.open("/etc/passwd")
