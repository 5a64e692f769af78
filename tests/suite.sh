# tests/suite.sh -- sourced by the shell suites (tests/scale/*.sh,
# tests/signals.sh) once they have set BUILD and moved to the repository
# root: the binary T, the counters, ok/ko for one check, and suite_end
# NAME for the "NAME: N passed, N failed" line that tests/run-tests.sh
# reads (its status: 0 when nothing failed).
T=$PWD/$BUILD/tradeoff
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
suite_end() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
