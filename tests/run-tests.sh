#!/bin/sh
# Run every test: the cmocka unit tests in BUILD/tests, then the black-box
# CLI cases. Prints each suite's summary and, last, "N passed, N failed".
# Usage: tests/run-tests.sh [BUILD]   (default: build)
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 2

pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# the pseudo-terminal test (test_repl_pty) runs this binary
export TRADEOFF_BIN="$BUILD/tradeoff"

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or failed before cmocka could count
	fi
	if [ "$f" -ne 0 ]; then
		echo "FAIL $(basename "$t"):"
		cat "$log"
	else
		echo "$(basename "$t"):"
		grep -E '^\[(==========|  PASSED  |  FAILED  )\] [0-9]+ test' "$log"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done

./tests/cli/run.sh "$BUILD/tradeoff" >"$log" 2>&1
rc=$?
cat "$log"
p=$(sed -n 's/^cli: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$log")
f=$(sed -n 's/^cli: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$log")
p=${p:-0}
f=${f:-1}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
pass=$((pass + p))
fail=$((fail + f))

# make install / uninstall into a temporary DESTDIR, the man page, the
# shell completions
./tests/install.sh "$BUILD" >"$log" 2>&1
rc=$?
cat "$log"
p=$(sed -n 's/^install: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$log")
f=$(sed -n 's/^install: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$log")
p=${p:-0}
f=${f:-1}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
pass=$((pass + p))
fail=$((fail + f))

# the HTML report in headless Chromium (skipped when chromium is absent)
./tests/report/chromium.sh "$BUILD/tradeoff" >"$log" 2>&1
rc=$?
cat "$log"
p=$(sed -n 's/^report: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$log")
f=$(sed -n 's/^report: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$log")
p=${p:-0}
f=${f:-1}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
pass=$((pass + p))
fail=$((fail + f))

# the Lua module (tests/lua/module.sh): lua5.4 loads BUILD/tdm.so
./tests/lua/module.sh "$BUILD" >"$log" 2>&1
rc=$?
cat "$log"
p=$(sed -n 's/^lua-module: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$log")
f=$(sed -n 's/^lua-module: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$log")
p=${p:-0}
f=${f:-1}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
pass=$((pass + p))
fail=$((fail + f))

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
