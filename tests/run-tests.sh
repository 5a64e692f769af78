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

# a suite script that ends with "NAME: N passed, N failed"; a crash or a
# missing summary counts as a failure
suite() { # NAME SCRIPT ARGS...
	name=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n "s/^$name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\1/p" "$log")
	f=$(sed -n "s/^$name: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\2/p" "$log")
	p=${p:-0}
	f=${f:-1}
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
}

suite cli ./tests/cli/run.sh "$BUILD/tradeoff"
# rank of large plain CSVs: the columnar path against the general one
# (tests/scale/rank-columns.sh); in the sanitizer run too, for the
# columnar path's threads and arrays
suite rank-columns ./tests/scale/rank-columns.sh "$BUILD"

# TDM_TEST_CORE=1 (the sanitizer run): only the unit, black-box and
# columnar rank suites
if [ -n "$TDM_TEST_CORE" ]; then
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi

# make install / uninstall into a temporary DESTDIR, the man page, the
# shell completions
suite install ./tests/install.sh "$BUILD"
# the HTML report in headless Chromium (skipped when chromium is absent)
suite report ./tests/report/chromium.sh "$BUILD/tradeoff"
# the Lua module (tests/lua/module.sh): lua5.4 loads BUILD/tdm.so
suite lua-module ./tests/lua/module.sh "$BUILD"
# scale-out: eval split across processes by GNU parallel, the parts' top
# K merged (tests/scale/parallel.sh)
suite scale ./tests/scale/parallel.sh "$BUILD"
# -o FILE ended by a signal leaves no temporary file (tests/signals.sh)
suite signals ./tests/signals.sh "$BUILD"

# TDM_TEST_ASAN=DIR: the unit and black-box suites again with DIR's
# ASan+UBSan build (`make test` sets it); TDM_TEST_VALGRIND=1: the
# black-box suite under valgrind. The two run side by side (2 cores).
tally() { # LOG PREFIX: add the suite's "PREFIX N passed, N failed" line
	p=$(sed -n "s/^$2 \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\1/p" "$1" | tail -n 1)
	f=$(sed -n "s/^$2 \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\2/p" "$1" | tail -n 1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-1}))
}
if [ -n "$TDM_TEST_ASAN" ] || [ -n "$TDM_TEST_VALGRIND" ]; then
	alog=$(mktemp)
	vlog=$(mktemp)
	trap 'rm -f "$log" "$alog" "$vlog"' EXIT
	if [ -n "$TDM_TEST_VALGRIND" ]; then
		if command -v valgrind >/dev/null 2>&1; then
			(VALGRIND=1 ./tests/cli/run.sh "$BUILD/tradeoff" 2>&1 |
				sed 's/^cli:/valgrind cli:/') >"$vlog" &
		else
			echo "valgrind cli: 0 passed, 1 failed (valgrind is not installed)" >"$vlog"
		fi
	fi
	if [ -n "$TDM_TEST_ASAN" ]; then
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		UBSAN_OPTIONS=print_stacktrace=1 TDM_TEST_CORE=1 \
			./tests/run-tests.sh "$TDM_TEST_ASAN" 2>&1 |
			sed 's/^\([0-9][0-9]* passed, [0-9][0-9]* failed\)$/asan: \1/' >"$alog"
		grep -E '^(FAIL|asan:)' "$alog"
		tally "$alog" "asan:"
	fi
	wait
	if [ -n "$TDM_TEST_VALGRIND" ]; then
		grep -E '^(FAIL|    |valgrind cli:)' "$vlog"
		tally "$vlog" "valgrind cli:"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
