# bash completion for tradeoff                              -*- shell-script -*-
#
# Completes the commands, each command's flags, the values of -f, -m,
# --normalize, --weights, --ri and --color, and decision (.lua) and CSV
# files. Installed as share/bash-completion/completions/tradeoff; to try
# it from a checkout: . scripts/tradeoff.bash
#
# The lists follow src/cli.c (the command and option tables): change them
# together.

_tradeoff_commands="rank explain compare record report diff sensitivity repl check weights"
_tradeoff_methods="wsm wpm topsis vikor promethee2 spotis copras moora edas"
_tradeoff_normalizations="minmax max linear sum vector none"
_tradeoff_schemes="direct equal roc ahp entropy critic"
_tradeoff_ri_tables="saaty saaty-2005 alonso-lamata donegan-dodd ahpsurvey"

# The flags every ranking command takes (COMMON_OPTIONS in src/cli.c).
_tradeoff_common="-m --method --normalize --weights --critic-flip-cost --ri
	--options -c --criterion --color --ascii --lua-memory --lua-budget
	-h --help"

# Files ending in one of the extensions given, and directories.
_tradeoff_files()
{
	local cur=$1 ext
	local IFS=$'\n'
	shift
	COMPREPLY=($(compgen -d -- "$cur"))
	for ext in "$@"; do
		COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
	done
	compopt -o filenames 2>/dev/null
}

_tradeoff()
{
	local cur prev cmd="" i w n_args=0 flags formats

	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --format=json: bash splits the word at '=' (COMP_WORDBREAKS)
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	elif [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=""
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# The command and how many arguments follow it, skipping flags and the
	# values of the flags that take one.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-f | --format | -m | --method | -c | --criterion | --options | \
			-o | --output | --rev | --normalize | --weights | --ahp | --ri | \
			--color | --colour | --lua-memory | --lua-budget | --samples | \
			--seed | --spread)
			((i++))
			;;
		= | -*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			else
				((n_args++))
			fi
			;;
		esac
	done

	case $prev in
	-f | --format)
		case $cmd in
		explain | sensitivity) formats="table json md" ;;
		record) formats="md" ;;
		weights) formats="table csv json" ;;
		*) formats="table csv json md" ;;
		esac
		COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		return
		;;
	-m | --method)
		if [[ $cmd == weights ]]; then
			COMPREPLY=($(compgen -W "equal entropy critic" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_tradeoff_methods" -- "$cur"))
		fi
		return
		;;
	--normalize)
		COMPREPLY=($(compgen -W "$_tradeoff_normalizations" -- "$cur"))
		return
		;;
	--weights)
		COMPREPLY=($(compgen -W "$_tradeoff_schemes" -- "$cur"))
		return
		;;
	--ri)
		COMPREPLY=($(compgen -W "$_tradeoff_ri_tables" -- "$cur"))
		return
		;;
	--color | --colour)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return
		;;
	--options | --ahp)
		_tradeoff_files "$cur" csv
		return
		;;
	-o | --output)
		_tradeoff_files "$cur" html
		return
		;;
	-c | --criterion | --rev | --lua-memory | --lua-budget | --samples | \
		--seed | --spread)
		return
		;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-h --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_tradeoff_commands" -- "$cur"))
		fi
		return
	fi

	case $cmd in
	rank | compare) flags="-f --format $_tradeoff_common" ;;
	explain) flags="-f --format $_tradeoff_common" ;;
	record | check) flags="$_tradeoff_common" ;;
	report) flags="-o --output $_tradeoff_common" ;;
	diff) flags="--rev -f --format $_tradeoff_common" ;;
	sensitivity)
		flags="--samples --seed --spread -f --format $_tradeoff_common"
		;;
	repl) flags="--color --lua-memory --lua-budget -h --help" ;;
	weights)
		flags="-f --format --ahp --ri -m --method -c --criterion
			--critic-flip-cost --weights --lua-memory --lua-budget -h --help"
		;;
	*) return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
		return
	fi
	if ((n_args == 0)); then
		case $cmd in
		repl | report | record | sensitivity | diff)
			_tradeoff_files "$cur" lua
			;;
		*) _tradeoff_files "$cur" lua csv ;;
		esac
	elif [[ $cmd == diff && $n_args == 1 ]]; then
		_tradeoff_files "$cur" lua
	fi
} &&
	complete -F _tradeoff tradeoff

# ex: filetype=sh
