# bash completion for dkquiz(1)
#
# Installed as $(datadir)/bash-completion/completions/dkquiz, where the
# bash-completion package loads it on demand; it can also be sourced
# directly. It needs nothing from bash-completion itself.

_dkquiz_commands='review import check decks config exam browse search stats export backup'
_dkquiz_settings='retention max-interval learning-steps relearning-steps new-per-day
	reviews-per-day rollover leech-lapses weights'

# Print the options of a subcommand (or of dkquiz itself, for "").
_dkquiz_options()
{
	case $1 in
	'') echo '--db --now --lang --no-color -h --help -V --version' ;;
	review) echo '--deck --tag --file --cram --failed --plain -h --help' ;;
	import) echo '-n --dry-run --deck --prune -q --quiet -h --help' ;;
	check) echo '--json -h --help' ;;
	decks) echo '--json -h --help' ;;
	config) echo '--unset -h --help' ;;
	exam) echo '--date --time --minutes-per-day --deck --clear --json -h --help' ;;
	browse) echo '--deck -h --help' ;;
	search) echo '--json --deck --limit -h --help' ;;
	stats) echo '--json --plain --deck -h --help' ;;
	export) echo '-f --format --deck --reviews -o --output -h --help' ;;
	backup) echo '--force -h --help' ;;
	esac
}

# Complete file names (directories get their slash).
_dkquiz_files()
{
	local IFS=$'\n'

	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_dkquiz()
{
	local cur prev cmd i w nargs=0

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# "--db=x" is split at the '=' (COMP_WORDBREAKS): treat it as "--db x".
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# The subcommand: the first word that is neither a global option nor
	# the value of one. Then count the arguments that follow it.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -z $cmd ]]; then
			case $w in
			--db | --now | --lang)
				((i++))
				[[ ${COMP_WORDS[i]} == = ]] && ((i++))
				;;
			-*) ;;
			*) cmd=$w ;;
			esac
			continue
		fi
		case $w in
		--deck | --tag | --file | --failed | --unset | --date | --time | --minutes-per-day | \
			--limit | -f | --format | -o | --output)
			((i++))
			[[ ${COMP_WORDS[i]} == = ]] && ((i++))
			;;
		-*) ;;
		*) ((nargs++)) ;;
		esac
	done

	# The value of an option.
	case $prev in
	--db | --file | -o | --output)
		_dkquiz_files "$cur"
		return 0
		;;
	-f | --format)
		COMPREPLY=($(compgen -W 'csv tsv md json' -- "$cur"))
		return 0
		;;
	--lang)
		COMPREPLY=($(compgen -W 'en fr' -- "$cur"))
		return 0
		;;
	--unset)
		COMPREPLY=($(compgen -W "$_dkquiz_settings" -- "$cur"))
		return 0
		;;
	--now | --deck | --tag | --failed | --date | --time | --minutes-per-day | --limit)
		return 0
		;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_dkquiz_options "$cmd")" -- "$cur"))
		return 0
	fi

	case $cmd in
	'')
		COMPREPLY=($(compgen -W "$_dkquiz_commands" -- "$cur"))
		;;
	import | check | backup)
		_dkquiz_files "$cur"
		;;
	config)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "$_dkquiz_settings" -- "$cur"))
		elif ((nargs == 1)) && [[ ${COMP_WORDS[COMP_CWORD - 1]} == reviews-per-day ]]; then
			COMPREPLY=($(compgen -W 'none' -- "$cur"))
		fi
		;;
	esac
	return 0
}

complete -F _dkquiz dkquiz
