#!/bin/sh
# `rank` of a large plain CSV takes the columnar path (src/rank_columns.c)
# when the file is a regular file; through a named pipe it cannot (a pipe
# cannot be read twice), so the general path ranks it. The two must give
# the same bytes, the same errors and the same exit status. Checks that on
# generated files: 12,000 rows (one part) and 70,000 rows (about 4.5 MB:
# read in parts on two threads with -j 2), every method the columnar path
# takes, blank lines, spaces around fields, UTF-8 names, an extra column
# and CRLF (the CSV reader's way), -o, and files whose last row is bad or
# repeats a name.
# Prints "rank-columns: N passed, N failed".
# Usage: tests/scale/rank-columns.sh [BUILD]
BUILD=${1:-build}
cd "$(dirname "$0")/../.." || exit 2
. ./tests/suite.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
C="-c c1:higher:5 -c c2:lower:3 -c c3:higher:2 -c c4:lower:1"

# run_both NAME FILE ARGS...: the file as it is, and through a named pipe
# called like it (.csv); stdout, stderr and status compared
run_both() {
	name=$1 file=$2
	shift 2
	"$T" rank "$file" "$@" >"$work/fast.out" 2>"$work/fast.err"
	echo $? >"$work/fast.rc"
	rm -f "$work/pipe.csv"
	mkfifo "$work/pipe.csv"
	cat "$file" >"$work/pipe.csv" &
	"$T" rank "$work/pipe.csv" "$@" >"$work/slow.out" 2>"$work/slow.err"
	echo $? >"$work/slow.rc"
	wait
	sed "s|$work/pipe.csv|$file|g" "$work/slow.err" >"$work/slow.err2"
	if cmp -s "$work/fast.out" "$work/slow.out" &&
		cmp -s "$work/fast.err" "$work/slow.err2" &&
		cmp -s "$work/fast.rc" "$work/slow.rc"; then
		ok "$name"
	else
		ko "$name"
		diff "$work/fast.out" "$work/slow.out" | head -5
		diff "$work/fast.err" "$work/slow.err2" | head -5
	fi
}

./scripts/gen-options 12000 4 11 >"$work/small.csv"
./scripts/gen-options 70000 4 12 >"$work/big.csv"
# values > 0 everywhere for wpm
for m in wsm topsis wpm moora; do
	run_both "12000 rows, $m" "$work/small.csv" $C -m $m -f csv
done
run_both "70000 rows, wsm, -j 2" "$work/big.csv" $C -m wsm -f csv -j 2
run_both "70000 rows, topsis, -j 1" "$work/big.csv" $C -m topsis -f csv -j 1
run_both "12000 rows, roc weights, max" "$work/small.csv" $C \
	--weights roc --normalize max -f csv

# blank lines, spaces around fields and UTF-8 names in a file read in
# parts (the rows of a part move down over its blank lines); an extra
# column and CRLF line ends (read through the CSV reader instead)
awk 'NR == 1 { print; next }
	NR % 997 == 0 { print ""; print "  \t " }
	NR % 1001 == 0 { sub(/^opt/, "caf\303\251-") }
	NR % 13 == 0 { gsub(/,/, " , ") }
	{ print }' "$work/big.csv" >"$work/blanks.csv"
run_both "70000 rows, blank lines, spaces, UTF-8, -j 2" "$work/blanks.csv" \
	$C -f csv -j 2
awk -F, 'BEGIN { OFS = "," } { print $0, (NR == 1 ? "note" : "n" NR) }' \
	"$work/small.csv" | sed 's/$/\r/' >"$work/extra-crlf.csv"
run_both "an extra column, CRLF" "$work/extra-crlf.csv" $C -f csv

# numbers in every form the reader takes, some the quick line reading
# takes and some it leaves to the careful one: a sign, an exponent, more
# than 19 digits, leading zeros, a leading or trailing point, -0; a name
# with a space after it; then the same file with its columns reordered
# (the name not first, the criteria in another order)
awk -F, 'BEGIN { OFS = "," }
	NR == 1 { print; next }
	NR % 29 == 0 { $2 = "00" $2 }
	NR % 7 == 0 { $2 = "+" $2 }
	NR % 11 == 0 { $3 = $3 "e0" }
	NR % 17 == 0 { $4 = $4 "00000000000000000001" }
	NR % 41 == 0 { $5 = "-" $5 }
	NR % 19 == 0 { $5 = "-0.00" }
	NR % 23 == 0 { $1 = $1 " " }
	NR % 31 == 0 { $3 = "." int($3) }
	NR % 37 == 0 { $4 = int($4) "." }
	{ print }' "$work/big.csv" >"$work/forms.csv"
run_both "70000 rows, numbers in every form, wsm, -j 2" "$work/forms.csv" \
	$C -f csv -j 2
run_both "70000 rows, numbers in every form, topsis" "$work/forms.csv" \
	$C -m topsis -f csv
awk -F, 'BEGIN { OFS = "," } { print $3, $1, $5, $2, $4 }' \
	"$work/forms.csv" >"$work/reordered.csv"
run_both "70000 rows, columns reordered" "$work/reordered.csv" $C -f csv -j 2

# long names on lines the quick reading declines (an exponent in every
# number) and the careful reading takes: each name is copied by both, and
# the copies must stay within the part's room (the first version
# overflowed it: a heap overflow, then "free(): invalid size")
awk -F, 'BEGIN { OFS = "," }
	NR == 1 { print; next }
	{ $1 = "a-rather-long-option-name-" $1
	  for (i = 2; i <= NF; i++) $i = int($i) "e0"
	  print }' "$work/big.csv" >"$work/long-names.csv"
run_both "70000 rows, long names, numbers with exponents, -j 2" \
	"$work/long-names.csv" $C -f csv -j 2

# -o: the same file either way
"$T" rank "$work/big.csv" $C -f csv -o "$work/fast-o.csv" &&
	"$T" rank "$work/big.csv" $C -f csv >"$work/fast-stdout.csv" &&
	cmp -s "$work/fast-o.csv" "$work/fast-stdout.csv" &&
	ok "-o writes what stdout gets" || ko "-o writes what stdout gets"

# the first row is read with the rest: the columnar path's answer is the
# first row's answer, in rank order
first=$(sed -n '/^1,/p' "$work/fast-stdout.csv")
[ -n "$first" ] && ok "a chosen row ($first)" || ko "a chosen row"

# bad last rows: the columnar path declines, the general path reports
cp "$work/big.csv" "$work/bad-cell.csv"
echo "tail,1,2,x3,4" >>"$work/bad-cell.csv"
run_both "bad cell on the last row" "$work/bad-cell.csv" $C -f csv -j 2
grep -q "bad-cell.csv:70002:4" "$work/fast.err" &&
	ok "the error names line and column" ||
	ko "the error names line and column: $(cat "$work/fast.err")"
cp "$work/big.csv" "$work/dup.csv"
# the repeat an odd number of rows after the first: a names check that
# shared rows out by position, not by name, would miss it
sed -n '2s/^[^,]*,/unique-row,/p' "$work/big.csv" >>"$work/dup.csv"
sed -n '2p' "$work/big.csv" >>"$work/dup.csv"
# with -j 2 the names check runs in two shares (by hash): a repeat is
# found in either
run_both "a name repeated on the last row, -j 2" "$work/dup.csv" $C -f csv -j 2
cp "$work/small.csv" "$work/empty.csv"
echo "gap,1,,3,4" >>"$work/empty.csv"
run_both "an empty cell (a missing value)" "$work/empty.csv" $C -f csv

# files the columnar path declines at once: a header alone, nothing
printf 'option,c1,c2,c3,c4\n' >"$work/header.csv"
run_both "a header alone" "$work/header.csv" $C -f csv
: >"$work/empty.csv"
run_both "an empty file" "$work/empty.csv" $C -f csv

suite_end rank-columns
