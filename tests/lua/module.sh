#!/bin/sh
# Black-box tests of the Lua module: a standalone lua5.4 loads BUILD/tdm.so
# with `require "tdm"` and checks load, rank, explain, criteria, options and
# the errors. Prints "lua-module: N passed, N failed".
# Usage: tests/lua/module.sh [BUILD]   (default: build)
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2

if ! command -v lua5.4 >/dev/null 2>&1; then
	echo "lua-module: lua5.4 not found (Debian package lua5.4)"
	echo "lua-module: 0 passed, 1 failed"
	exit 1
fi
if [ ! -f "$BUILD/tdm.so" ]; then
	# `make test` builds it; `make asan` cannot (an ASan-built module
	# does not load into an uninstrumented lua5.4)
	echo "lua-module: skipped, no $BUILD/tdm.so (make BUILD=$BUILD lua-module)"
	echo "lua-module: 0 passed, 0 failed"
	exit 0
fi

LUA_CPATH="$BUILD/?.so" LUA_PATH="" lua5.4 - <<'LUA'
local pass, fail = 0, 0
local function check(name, fn)
	local ok, why = pcall(fn)
	if ok then
		pass = pass + 1
	else
		fail = fail + 1
		print("FAIL lua-module/" .. name .. ": " .. tostring(why))
	end
end
local function eq(got, want, what)
	if got ~= want then
		error(string.format("%s: got %s, expected %s", what or "value",
		                    tostring(got), tostring(want)), 2)
	end
end
local function near(got, want, what)
	if type(got) ~= "number" or math.abs(got - want) > 1e-4 then
		error(string.format("%s: got %s, expected %s", what or "value",
		                    tostring(got), tostring(want)), 2)
	end
end
-- the error a call raises, or fails if it raises none
local function raises(fn, ...)
	local ok, msg = pcall(fn, ...)
	if ok then error("no error raised", 2) end
	return msg
end

local tdm = require "tdm"
local broker = "examples/message-broker.lua"

check("version", function()
	eq(tdm.version, "0.1.0", "tdm.version")
	eq(type(tdm.methods()), "table", "tdm.methods()")
end)

check("rank-winner", function()
	local d = tdm.load(broker)
	local r = d:rank()
	eq(r[1].option, "Kafka", "winner")
	eq(r[1].rank, 1, "its rank")
	eq(r[1].verdict, "chosen", "its verdict")
	near(r[1].score, 0.6923, "its score")
	eq(#r, 6, "options listed")
	eq(r.method, "wsm", "method")
end)

check("rank-rejected-and-dominated", function()
	local r = tdm.load(broker):rank()
	local last = r[#r]
	eq(last.option, "Amazon SQS", "last")
	eq(last.verdict, "rejected", "its verdict")
	eq(last.rank, nil, "its rank")
	eq(last.score, nil, "its score")
	eq(last.reasons[1], "p99_ms = 80 breaks must <= 50: checkout SLO is 50 ms p99",
	   "its reason")
	eq(r[5].verdict, "dominated", "Apache Pulsar's verdict")
	assert(r[5].reasons[1]:find("^dominated by Kafka"), r[5].reasons[1])
	eq(#r[1].reasons, 0, "the winner's reasons")
end)

check("rank-method", function()
	local d = tdm.load(broker)
	local r = d:rank("topsis")
	eq(r.method, "topsis", "method")
	eq(r[1].option, "NATS JetStream", "topsis winner")
	eq(d:rank()[1].option, "Kafka", "the default again")
	eq(tdm.load(broker, {method = "topsis"}):rank()[1].option,
	   "NATS JetStream", "method from tdm.load")
end)

check("explain-why-not", function()
	local e = tdm.load(broker):explain("RabbitMQ")
	eq(e.option, "RabbitMQ", "option")
	eq(e.verdict, "ranked", "verdict")
	eq(e.rank, 4, "rank")
	eq(e.reference, "Kafka", "reference")
	near(e.margin, 0.1461, "margin")
	eq(e.costs[1].criterion, "throughput", "biggest cost")
	near(e.costs[1].delta, -0.3846, "its delta")
	eq(e.wins[1].criterion, "p99_ms", "biggest win")
	local w = e.weight_changes[1]
	eq(w.criterion, "throughput", "first weight change")
	eq(w.found, true, "found")
	near(w.to, 0.2793, "new weight")
	eq(w.plausible, true, "plausible")
	eq(e.value_changes[1].criterion, "throughput", "first value change")
	eq(e.joint_change.exact, true, "joint change exact")
end)

check("explain-chosen-and-rejected", function()
	local d = tdm.load(broker)
	local e = d:explain("Kafka")
	eq(e.verdict, "chosen", "Kafka")
	eq(e.reference, "NATS JetStream", "runner-up")
	local x = d:explain("Amazon SQS")
	eq(x.verdict, "rejected", "Amazon SQS")
	eq(x.rank, nil, "its rank")
	assert(x.reasons[1]:find("breaks must"), x.reasons[1])
end)

check("explain-unknown-option", function()
	local msg = raises(function() tdm.load(broker):explain("Kafak") end)
	assert(msg:find("no option named 'Kafak'", 1, true), msg)
end)

check("criteria-options-title", function()
	local d = tdm.load(broker)
	local c = d:criteria()
	eq(#c, 5, "criteria")
	eq(c[1].name, "throughput", "first criterion")
	eq(c[1].weight, 5, "its weight as written")
	eq(c[1].better, "higher", "its direction")
	local o = d:options()
	eq(#o, 6, "options")
	eq(o[1], "Kafka", "first option")
	eq(d:title(), "Message broker for order events", "title")
	assert(tostring(d):find("Message broker"), tostring(d))
end)

check("error-is-the-engines", function()
	local msg = raises(tdm.load, "tests/bad/lua/syntax-error.lua")
	eq(msg, "tests/bad/lua/syntax-error.lua:3: '}' expected (to close '{' " ..
	   "at line 2) near 'option'", "message")
	msg = raises(tdm.load, "tests/bad/lua/no-such-file.lua")
	assert(msg:find("^tests/bad/lua/no%-such%-file%.lua"), msg)
end)

check("sandbox-is-the-engines", function()
	local msg = raises(tdm.load, "tests/bad/lua/os-execute.lua")
	eq(msg, "tests/bad/lua/os-execute.lua:2: undefined global 'os'", "os")
	msg = raises(tdm.load, "tests/bad/lua/infinite-loop-pcall.lua",
	             {budget = 1000000})
	assert(msg:find("instruction budget exhausted", 1, true), msg)
	-- nothing of the decision file leaks into the caller's state
	tdm.load(broker)
	eq(rawget(_G, "criterion"), nil, "criterion in _G")
	eq(rawget(_G, "option"), nil, "option in _G")
	assert(os and io, "the caller keeps its own libraries")
end)

check("score-function-error", function()
	local d = tdm.load("tests/bad/lua/score-runtime-error.lua")
	local msg = raises(d.rank, d)
	assert(msg:find("^tests/bad/lua/score%-runtime%-error%.lua:2: option"), msg)
end)

check("bad-arguments", function()
	raises(tdm.load)
	raises(tdm.load, broker, {method = 3})
	raises(tdm.load, broker, {budget = -1})
	local msg = raises(function() tdm.load(broker):rank("nope") end)
	assert(msg:find("nope", 1, true), msg)
end)

check("close", function()
	local d = tdm.load(broker)
	d:close()
	d:close()
	local msg = raises(d.rank, d)
	assert(msg:find("closed", 1, true), msg)
	do
		local e <close> = tdm.load(broker)
		eq(e:rank()[1].option, "Kafka", "to-be-closed decision")
	end
	collectgarbage()
end)

print(string.format("lua-module: %d passed, %d failed", pass, fail))
os.exit(fail == 0 and 0 or 1)
LUA
