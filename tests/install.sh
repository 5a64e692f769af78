#!/bin/sh
# make install / make uninstall into a temporary DESTDIR, and the files
# they install: the installed binary runs and ranks an installed example,
# a C program builds against the installed header and libtdm.a through
# tdm.pc, uninstall leaves nothing but empty directories. Also: the man
# page renders without warnings, the completions parse.
#
# Usage: tests/install.sh [BUILD]   (default: build; it must be built)
# Prints one line per failure and, last, "install: N passed, N failed".
BUILD=${1:-build}
cd "$(dirname "$0")/.." || exit 2

PREFIX=/usr/local
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
root=$stage$PREFIX
log=$tmp/log

ok() { pass=$((pass + 1)); }
no() {
	fail=$((fail + 1))
	echo "FAIL install: $*"
}
# check NAME COMMAND...: run COMMAND, output to $log; pass if it exits 0
check() {
	name=$1
	shift
	if "$@" >"$log" 2>&1; then
		ok
	else
		no "$name"
		sed 's/^/    /' "$log" | head -n 20
	fi
}

unset NO_COLOR COLUMNS
export LC_ALL=C.UTF-8

examples=$(cd examples && ls *.lua *.csv)
files="bin/tradeoff lib/libtdm.a include/tdm/tdm.h lib/pkgconfig/tdm.pc
share/man/man1/tradeoff.1 share/bash-completion/completions/tradeoff
share/zsh/site-functions/_tradeoff"
for e in $examples; do
	files="$files share/doc/tradeoff/examples/$e"
done

# -- make install -------------------------------------------------------
check "make install" make --no-print-directory BUILD="$BUILD" \
	DESTDIR="$stage" PREFIX="$PREFIX" install
for f in $files; do
	if [ -f "$root/$f" ]; then ok; else no "not installed: $PREFIX/$f"; fi
done
if [ -x "$root/bin/tradeoff" ]; then ok; else no "bin/tradeoff not executable"; fi
if cmp -s src/tdm.h "$root/include/tdm/tdm.h" &&
	cmp -s doc/tradeoff.1 "$root/share/man/man1/tradeoff.1" &&
	cmp -s "$BUILD/libtdm.a" "$root/lib/libtdm.a"; then
	ok
else
	no "installed files differ from the sources"
fi
# nothing outside DESTDIR$PREFIX
if [ -z "$(cd "$stage" && find . ! -type d ! -path ".$PREFIX/*")" ]; then
	ok
else
	no "files installed outside $PREFIX: $(cd "$stage" && find . ! -type d ! -path ".$PREFIX/*")"
fi
if grep -qx "prefix=$PREFIX" "$root/lib/pkgconfig/tdm.pc" &&
	grep -q "^Version: $("$BUILD/tradeoff" --version | sed 's/^tradeoff //')$" \
		"$root/lib/pkgconfig/tdm.pc"; then
	ok
else
	no "tdm.pc: prefix or version wrong"
	sed 's/^/    /' "$root/lib/pkgconfig/tdm.pc"
fi

# -- the installed binary -------------------------------------------------
check "installed tradeoff --version" "$root/bin/tradeoff" --version
if [ "$(cat "$log")" = "$("$BUILD/tradeoff" --version)" ]; then
	ok
else
	no "installed --version says '$(cat "$log")'"
fi
# message-broker.lua reads more-brokers.csv beside it: both installed
check "installed tradeoff ranks the installed example" "$root/bin/tradeoff" \
	rank "$root/share/doc/tradeoff/examples/message-broker.lua" -f csv
if grep -q '^1,Kafka,' "$log" && grep -q ',NATS JetStream,' "$log"; then
	ok
else
	no "ranking of the installed example"
	sed 's/^/    /' "$log" | head -n 20
fi

# -- a C program against the installed library, through pkg-config --------
cat >"$tmp/embed.c" <<'EOF'
#include <stdio.h>

#include <tdm.h>

int
main(int argc, char **argv)
{
	tdm_decl *d = tdm_decl_new(NULL, NULL, NULL);
	tdm_model *m = tdm_model_new();
	tdm_result *r = NULL;
	tdm_hooks hooks;
	tdm_error err;
	int rc = 1;

	if (argc != 2 || d == NULL || m == NULL)
		goto out;
	hooks = tdm_decl_hooks(d);
	if (tdm_decl_load_file(d, argv[1], m, &err) != TDM_OK ||
	    tdm_evaluate(m, &hooks, NULL, &r, &err) != TDM_OK) {
		fprintf(stderr, "embed: %s\n", err.message);
		goto out;
	}
	printf("%s %s %zu\n", TDM_VERSION, m->options[r->order[0]].name,
	       r->n_ranked);
	rc = 0;
out:
	tdm_result_free(r);
	tdm_model_free(m);
	tdm_decl_free(d);
	return rc;
}
EOF
pcflags=""
if command -v pkg-config >/dev/null 2>&1 &&
	pcflags=$(PKG_CONFIG_PATH="$root/lib/pkgconfig" \
		pkg-config --define-variable=prefix="$root" \
		--cflags --libs --static tdm 2>"$log"); then
	ok
else
	no "pkg-config --cflags --libs --static tdm"
	sed 's/^/    /' "$log"
fi
case $pcflags in
*"-I$root/include/tdm"*"-L$root/lib"*"-ltdm"*) ok ;;
*) no "pkg-config flags do not point into DESTDIR: $pcflags" ;;
esac
# A library built for `make asan` needs the sanitizers' runtime too.
san=""
if nm "$BUILD/libtdm.a" 2>/dev/null | grep -q __asan_; then
	san="-fsanitize=address,undefined"
fi
# shellcheck disable=SC2086 # the flags are words
check "cc against the installed header and libtdm.a" \
	${CC:-cc} -std=c11 -Wall -Wextra -Werror $san -o "$tmp/embed" \
	"$tmp/embed.c" $pcflags
check "the embedding program runs" "$tmp/embed" \
	"$root/share/doc/tradeoff/examples/message-broker.lua"
if [ "$(cat "$log")" = "$("$BUILD/tradeoff" --version | sed 's/^tradeoff //') Kafka 5" ]; then
	ok
else
	no "embed printed '$(cat "$log")'"
fi

# -- make uninstall -------------------------------------------------------
check "make uninstall" make --no-print-directory BUILD="$BUILD" \
	DESTDIR="$stage" PREFIX="$PREFIX" uninstall
left=$(cd "$stage" && find . ! -type d)
if [ -z "$left" ]; then ok; else no "left after uninstall: $left"; fi
for d in include/tdm share/doc/tradeoff; do
	if [ -e "$root/$d" ]; then no "uninstall left $PREFIX/$d"; else ok; fi
done

# -- the man page ---------------------------------------------------------
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l doc/tradeoff.1 >/dev/null 2>"$log"
	rc=$?
	what="man -l doc/tradeoff.1"
elif command -v groff >/dev/null 2>&1; then
	groff -man -ww -z doc/tradeoff.1 2>"$log"
	rc=$?
	what="groff -man -ww -z doc/tradeoff.1"
else
	rc=skip
fi
if [ "$rc" = skip ]; then
	echo "skip install: no man or groff to check doc/tradeoff.1"
elif [ "$rc" -eq 0 ] && [ ! -s "$log" ]; then
	ok
else
	no "$what: warnings"
	sed 's/^/    /' "$log" | head -n 20
fi
# every command, and every flag of the options table, is in the man page
for w in rank eval explain compare record report diff sensitivity repl \
	check weights; do
	if grep -q "^\.BR $w " doc/tradeoff.1; then ok; else no "man page lacks command $w"; fi
done
for f in $(sed -n 's/^[[:space:]]*{[^,]*, "\(--[a-z-]*\)".*/\1/p' src/cli.c); do
	pat=$(printf '%s' "$f" | sed 's/-/\\\\-/g')
	if grep -q -- "$pat" doc/tradeoff.1; then ok; else no "man page lacks flag $f"; fi
done

# -- the completions ------------------------------------------------------
check "bash -n scripts/tradeoff.bash" bash -n scripts/tradeoff.bash
# drive the bash completion function as readline would
complete_bash() {
	bash -c '. scripts/tradeoff.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_tradeoff; printf "%s\n" "${COMPREPLY[@]}"' tradeoff "$@"
}
expect_bash() {
	want=$1
	shift
	got=$(complete_bash "$@" | sort | tr '\n' ' ')
	if [ "$got" = "$want " ]; then
		ok
	else
		no "bash completion of '$*': got '$got', want '$want'"
	fi
}
expect_bash "compare" tradeoff com
expect_bash "json md table" tradeoff explain x.lua -f ""
expect_bash "csv json table" tradeoff weights -f ""
expect_bash "topsis" tradeoff rank x.lua --method=top
expect_bash "always auto never" tradeoff rank x.lua --color ""
expect_bash "alonso-lamata" tradeoff weights --ri al
expect_bash "--samples --seed --spread" tradeoff sensitivity x.lua --s
expect_bash "examples/message-broker.lua examples/more-brokers.csv" \
	tradeoff rank examples/m
expect_bash "examples/message-broker.lua" tradeoff report examples/m
if command -v zsh >/dev/null 2>&1; then
	check "zsh -n scripts/_tradeoff" zsh -n scripts/_tradeoff
else
	echo "skip install: no zsh to check scripts/_tradeoff"
fi

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
