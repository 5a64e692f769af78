#!/bin/sh
# Black-box tests: run the built binary and compare stdout, stderr and the
# exit status with the files of each case.
#
# A case is a directory tests/cli/cases/NAME holding:
#   cmd     the arguments, one line, run as: $TRADEOFF <cmd> from the repo
#           root (shell words; may use < redirection); optional `env` file
#           with VAR=value lines exported first
#   status  the expected exit status (default 0)
#   stdout  the expected standard output (absent: must be empty)
#   stderr  the expected standard error (absent: must be empty)
#
# VALGRIND=1 runs each case's binary under valgrind (memory errors and
# definite or indirect leaks make it exit 99, so the case fails; "still
# reachable" blocks from readline and Lua are not errors). A case whose
# directory holds a file `no-valgrind` is skipped in that mode.
#
# UPDATE=1 tests/cli/run.sh build/tradeoff rewrites the expectations from
# what the binary does now: review the diff before committing it.
TRADEOFF=${1:-build/tradeoff}
cd "$(dirname "$0")/../.." || exit 2
case $TRADEOFF in /*) ;; *) TRADEOFF=$PWD/$TRADEOFF ;; esac

# The environment must not change the expected output.
unset COLUMNS NO_COLOR
export LC_ALL=C.UTF-8

WRAP=""
if [ -n "$VALGRIND" ]; then
	WRAP="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q"
fi

pass=0
fail=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

for dir in tests/cli/cases/*/; do
	name=$(basename "$dir")
	[ -f "$dir/cmd" ] || continue
	[ -n "$VALGRIND" ] && [ -f "$dir/no-valgrind" ] && continue
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	(
		if [ -f "$dir/env" ]; then
			set -a
			. "./$dir/env"
			set +a
		fi
		eval "$WRAP \"\$TRADEOFF\" $(cat "$dir/cmd")"
	) >"$out" 2>"$err"
	status=$?
	if [ -n "$UPDATE" ]; then
		echo "$status" >"$dir/status"
		if [ -s "$out" ]; then cp "$out" "$dir/stdout"; else rm -f "$dir/stdout"; fi
		if [ -s "$err" ]; then cp "$err" "$dir/stderr"; else rm -f "$dir/stderr"; fi
		continue
	fi
	ok=1
	why=""
	if [ "$status" != "$want_status" ]; then
		ok=0
		why="exit status $status, expected $want_status"
	fi
	for stream in stdout stderr; do
		got=$out
		[ "$stream" = stderr ] && got=$err
		if [ -f "$dir/$stream" ]; then
			if ! cmp -s "$dir/$stream" "$got"; then
				ok=0
				why="$why${why:+; }$stream differs"
				diff -u "$dir/$stream" "$got" | head -n 20 | sed 's/^/    /'
			fi
		elif [ -s "$got" ]; then
			ok=0
			why="$why${why:+; }unexpected $stream"
			head -n 5 "$got" | sed 's/^/    /'
		fi
	done
	if [ "$ok" -eq 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL cli/$name: $why"
	fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
