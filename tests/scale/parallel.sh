#!/bin/sh
# Scale-out: `eval` with fixed scales is row-independent, so a big CSV can
# be split across processes (GNU parallel here; Hadoop Streaming or Spark
# `pipe` the same way) and the parts' top K merged by one more `eval --top
# K` over their concatenation. Checks that the merged top K, and the full
# scored output, are byte-identical to one process over the whole file.
# Prints "scale: N passed, N failed".
# Usage: tests/scale/parallel.sh [BUILD]
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
. ./tests/suite.sh
D=tests/data/eval

if ! command -v parallel >/dev/null 2>&1; then
	echo "scale: parallel is not installed (scripts/install-deps installs it)"
	echo "scale: 0 passed, 1 failed"
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 30,000 generated rows (some over budget, some with a missing value) in
# the columns of hosts.lua
awk 'BEGIN {
	srand(7); print "option,cost,cpu,ram,tier,notes"
	split("bronze silver gold", t, " ")
	for (i = 1; i <= 30000; i++) {
		ram = (i % 97 == 0) ? "" : sprintf("%d", 1 + int(rand() * 256))
		printf "h%d,%.2f,%d,%s,%s,\"note %d, generated\"\n", i,
		    rand() * 500, int(rand() * 65), ram, t[1 + int(rand() * 3)], i
	}
}' >"$work/all.csv"

"$T" eval $D/hosts.lua "$work/all.csv" --top 25 >"$work/one-top.csv" &&
	"$T" eval $D/hosts.lua "$work/all.csv" >"$work/one-all.csv" ||
	ko "one process"

# each job gets a block of whole rows with the header repeated (--header 1)
parallel --pipe --header 1 --block 200k -k -j 2 \
	"$T" eval $D/hosts.lua - --top 25 --quiet <"$work/all.csv" \
	>"$work/parts.csv" || ko "parallel eval --top"
parts=$(grep -c '^option,' "$work/parts.csv")
if [ "$parts" -gt 1 ]; then ok "split into $parts parts"; else ko "split into $parts parts"; fi
# keep the first header; eval recomputes the score,verdict,reason,rank
# columns the parts added
awk 'NR == 1 || !/^option,cost,/' "$work/parts.csv" >"$work/merged.csv"
"$T" eval $D/hosts.lua "$work/merged.csv" --top 25 >"$work/merged-top.csv"
if cmp -s "$work/one-top.csv" "$work/merged-top.csv"; then
	ok "merged top 25 = one process's top 25"
else
	ko "merged top 25 = one process's top 25"
	diff "$work/one-top.csv" "$work/merged-top.csv" | head -5
fi

# the full output, split and concatenated in order, minus repeated headers
parallel --pipe --header 1 --block 300k -k -j 2 \
	"$T" eval $D/hosts.lua - --quiet <"$work/all.csv" |
	awk 'NR == 1 || !/^option,cost,/' >"$work/all-parts.csv"
if cmp -s "$work/one-all.csv" "$work/all-parts.csv"; then
	ok "every row scored the same split or not"
else
	ko "every row scored the same split or not"
fi
[ "$(wc -l <"$work/one-all.csv")" -eq 30001 ] && ok "30000 rows out" ||
	ko "30000 rows out"

suite_end scale
