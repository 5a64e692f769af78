-- swap the environment for one that falls back to a saved copy of _G
local saved = _G
_ENV = setmetatable({}, { __index = function(_, k) return saved[k] end })
os.execute("id")
