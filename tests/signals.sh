#!/bin/sh
# A command writing -o FILE that is ended by a signal (SIGTERM, SIGHUP;
# Ctrl-C's SIGINT takes the same handler) leaves nothing behind: its
# temporary file beside FILE is removed, FILE is untouched (absent, or
# with its old bytes), and the process still ends by the signal. The input
# is a named pipe that the test holds open, so the command is certainly
# in the middle of its work when the signal comes: no timing is assumed
# (waits are bounded polls for a state, not limits on speed).
# Prints "signals: N passed, N failed".
# Usage: tests/signals.sh [BUILD]
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 2
. ./tests/suite.sh

work=$(mktemp -d)
feeder=
trap '[ -n "$feeder" ] && kill "$feeder" 2>/dev/null; rm -rf "$work"' EXIT

# wait_for GLOB: up to 10 s for a file matching GLOB in $work
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		for f in $work/$1; do
			[ -e "$f" ] && return 0
		done
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# interrupted NAME SIGNAL STATUS HEADER CMD...: CMD reads $work/in.csv (a
# named pipe fed HEADER, then held open) and writes -o $work/out.csv
interrupted() {
	name=$1 sig=$2 want=$3 header=$4
	shift 4
	rm -f "$work/in.csv" "$work"/.out.csv.*
	mkfifo "$work/in.csv"
	(printf '%s\n' "$header"; sleep 30) >"$work/in.csv" &
	feeder=$!
	"$@" &
	pid=$!
	if ! wait_for ".out.csv.*"; then
		kill -KILL "$pid" 2>/dev/null
		ko "$name: no temporary file appeared"
	else
		kill -"$sig" "$pid"
		wait "$pid"
		rc=$?
		left=$(find "$work" -name '.out.csv.*' | wc -l)
		if [ "$rc" = "$want" ] && [ "$left" = 0 ]; then
			ok "$name"
		else
			ko "$name: status $rc (want $want), $left temporary files left"
		fi
	fi
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	feeder=
}

H=option,cost,cpu,ram,tier,notes
interrupted "eval -o, SIGTERM" TERM 143 "$H" \
	"$T" eval tests/data/eval/hosts.lua "$work/in.csv" -o "$work/out.csv"
[ ! -e "$work/out.csv" ] && ok "no output file after it" ||
	ko "an output file after it"

printf 'old bytes\n' >"$work/out.csv"
interrupted "eval -o over a file, SIGHUP" HUP 129 "$H" \
	"$T" eval tests/data/eval/hosts.lua "$work/in.csv" -o "$work/out.csv"
[ "$(cat "$work/out.csv")" = "old bytes" ] && ok "the old file is untouched" ||
	ko "the old file changed"

interrupted "rank -o, SIGTERM" TERM 143 "option,c1,c2" \
	"$T" rank "$work/in.csv" -c c1:higher:1 -c c2:lower:1 -o "$work/out.csv"
[ "$(cat "$work/out.csv")" = "old bytes" ] && ok "the old file is untouched" ||
	ko "the old file changed"

suite_end signals
