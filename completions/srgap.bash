# bash completion for srgap(1): commands, options, option values (formats,
# severities, paper sizes...), service model ids (PROVIDER/SERVICE), provider
# ids, control ids and file names.
#
# Nothing here is a copy of srgap's own lists: commands and options come from
# `srgap help` and `srgap help COMMAND` (the option lines, and the usage's
# `--option a|b|c` choices), ids from `srgap models TOPIC --format ids`, run
# with the srgap being completed (and its --data-dir). A new command, option
# or format completes without editing this file, as long as its help keeps
# the layout every command's help uses. tests/completion/run.sh checks that.
#
# Installed as share/bash-completion/completions/srgap; bash-completion loads
# it on the first TAB after `srgap`. It needs nothing from bash-completion,
# and runs srgap at most twice per TAB (the help, then ids): the parsing is
# done with bash's own [[ =~ ]], since every fork is felt at a prompt.

# Runs the srgap being completed; a completion never prints errors on the terminal.
_srgap_run()
{
	"$_srgap_program" ${_srgap_data_dir:+--data-dir "$_srgap_data_dir"} "$@" 2>/dev/null
}

# Sets COMPREPLY to the words of the list $2 (separated by white space) that start with $1.
_srgap_reply()
{
	local word -
	set -f # the list's words are words, not patterns
	COMPREPLY=()
	for word in $2; do
		[[ $word == "$1"* ]] && COMPREPLY+=("$word")
	done
}

# Sets COMPREPLY to file (-f) or directory (-d) names starting with $2.
_srgap_reply_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen "$1" -- "$2"))
}

# Reads a help text ($1) into _srgap_options (every option of its option
# lines: "  -f, --format FORMAT   ...", "      --force   ...") and
# _srgap_placeholders (the option's argument, upper case, or "" when it takes
# none), _srgap_shorts ("-f=--format" for each short form), and
# _srgap_operand_choices (the choices of "usage: srgap CMD [a|b|c]").
_srgap_parse_help()
{
	local line short long placeholder
	_srgap_options=() _srgap_placeholders=() _srgap_shorts=() _srgap_operand_choices=
	while IFS= read -r line; do
		if [[ $line =~ ^\ +(-[A-Za-z],\ +)?(--[a-z][a-z0-9-]*)(\ ([^\ ]+))? ]]; then
			short=${BASH_REMATCH[1]:0:2} long=${BASH_REMATCH[2]}
			placeholder=${BASH_REMATCH[4]-}
			[[ $placeholder =~ [A-Z] && ! $placeholder =~ [a-z] ]] || placeholder=
			_srgap_options+=("$long")
			_srgap_placeholders+=("$placeholder")
			[[ -n $short ]] && _srgap_shorts+=("$short=$long")
		elif [[ $line =~ ^usage:\ srgap\ [a-z-]+\ \[([a-z0-9-]+(\|[a-z0-9-]+)+)\] ]]; then
			_srgap_operand_choices=${BASH_REMATCH[1]//|/ }
		fi
	done <<<"$1"
}

# Sets _srgap_choices to the choices the help text $2 gives for option $1
# ("--format table|json|csv" or "--format=..."), space-separated, or "".
_srgap_option_choices()
{
	local pattern="(^|[[ ])$1[ =]([a-z0-9-]+(\|[a-z0-9-]+)+)"
	_srgap_choices=
	[[ $2 =~ $pattern ]] && _srgap_choices=${BASH_REMATCH[2]//|/ }
}

# Sets COMPREPLY to the commands of `srgap help` that start with $1.
_srgap_reply_commands()
{
	local help line commands=
	help=$(_srgap_run help) || return 0
	while IFS= read -r line; do
		[[ $line =~ ^\ \ ([a-z][a-z-]*)\ \  ]] && commands+=" ${BASH_REMATCH[1]}"
	done <<<"$help"
	_srgap_reply "$1" "$commands"
}

# Completes a value for an argument placeholder of the help ($1), from $2.
_srgap_value()
{
	local placeholder=$1 cur=$2 prefix=
	case $placeholder in
	*DIR* | *FOLDER*)
		_srgap_reply_files -d "$cur"
		;;
	*FILE* | *.json | INVENTORY* | EVIDENCE*)
		_srgap_reply_files -f "$cur"
		;;
	P/S* | S)
		# A list (--to a,b): complete the part after the last comma.
		[[ $placeholder == *,* && $cur == *,* ]] && prefix=${cur%,*},
		_srgap_reply "${cur##*,}" "$(_srgap_run models services --format ids)"
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		[[ $placeholder == *,* ]] && compopt -o nospace 2>/dev/null
		;;
	*=P/S)
		# ENV=P/S: the service model after '=' (bash has split the word there).
		_srgap_reply "$cur" "$(_srgap_run models services --format ids)"
		;;
	P)
		_srgap_reply "$cur" "$(_srgap_run models providers --format ids)"
		;;
	CONTROL*)
		_srgap_reply "$cur" "$(_srgap_run models controls --format ids)"
		;;
	*)
		COMPREPLY=()
		;;
	esac
}

_srgap()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= word i
	local _srgap_program=${COMP_WORDS[0]} _srgap_data_dir= subcommand=
	_srgap_program=${_srgap_program/#\~/$HOME}
	command -v "$_srgap_program" >/dev/null 2>&1 || return 0

	# The command is the first word that is neither an option nor --data-dir's
	# value ("--data-dir DIR" or "--data-dir=DIR", which bash splits at '=').
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ $word == --data-dir ]]; then
			[[ ${COMP_WORDS[i + 1]} == = ]] && ((i++))
			((i + 1 < COMP_CWORD)) && _srgap_data_dir=${COMP_WORDS[i + 1]}
			((i++))
		elif [[ -z $subcommand && $word != -* ]]; then
			subcommand=$word
		fi
	done
	_srgap_data_dir=${_srgap_data_dir/#\~/$HOME}

	# The option whose value is being completed: "--format j", "--format=j",
	# "--move env=a" (bash splits words at '=', and readline then completes
	# only what follows the '=').
	local option= value=$cur
	if ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		if [[ $cur == = ]]; then
			value=
			if [[ $prev == -* ]]; then
				option=$prev
			elif ((COMP_CWORD > 2)); then
				option=${COMP_WORDS[COMP_CWORD - 2]}
			fi
		elif [[ $prev == = ]] && ((COMP_CWORD > 2)); then
			option=${COMP_WORDS[COMP_CWORD - 2]}
			[[ $option != -* ]] && ((COMP_CWORD > 3)) && option=${COMP_WORDS[COMP_CWORD - 3]}
		elif [[ $prev == -* ]]; then
			option=$prev
		fi
		[[ $option == -* ]] || option=
	fi

	local help
	if [[ -z $subcommand ]]; then
		if [[ $option == --data-dir ]]; then
			_srgap_value DIR "$value"
		elif [[ $cur == -* ]]; then
			# The global options: those of the overview's usage lines.
			local options= line
			help=$(_srgap_run help) || return 0
			while IFS= read -r line && [[ -n $line ]]; do
				while [[ $line =~ (--[a-z][a-z0-9-]*)(.*) ]]; do
					options+=" ${BASH_REMATCH[1]}"
					line=${BASH_REMATCH[2]}
				done
			done <<<"$help"
			_srgap_reply "$cur" "$options"
		else
			_srgap_reply_commands "$cur"
		fi
		return 0
	fi

	help=$(_srgap_run help "$subcommand") || return 0
	local _srgap_options _srgap_placeholders _srgap_shorts _srgap_operand_choices
	_srgap_parse_help "$help"
	# -x is the short form of one of the option lines.
	for word in "${_srgap_shorts[@]}"; do
		[[ $option == "${word%%=*}" ]] && option=${word#*=}
	done
	if [[ $option == --* ]]; then
		for ((i = 0; i < ${#_srgap_options[@]}; i++)); do
			[[ ${_srgap_options[i]} == "$option" && -n ${_srgap_placeholders[i]} ]] || continue
			local _srgap_choices
			_srgap_option_choices "$option" "$help"
			if [[ -n $_srgap_choices ]]; then
				_srgap_reply "$value" "$_srgap_choices"
			else
				_srgap_value "${_srgap_placeholders[i]}" "$value"
			fi
			return 0
		done
	fi

	if [[ $cur == -* ]]; then
		_srgap_reply "$cur" "${_srgap_options[*]}"
		return 0
	fi
	# An operand: the command's choices, else what its usage names first.
	if [[ -n $_srgap_operand_choices ]]; then
		_srgap_reply "$cur" "$_srgap_operand_choices"
	elif [[ $help =~ ^usage:\ srgap\ [a-z-]+\ \[?([A-Z][A-Za-z.]*) ]]; then
		if [[ ${BASH_REMATCH[1]} == COMMAND ]]; then
			_srgap_reply_commands "$cur"
		else
			_srgap_value "${BASH_REMATCH[1]}" "$cur"
		fi
	else
		_srgap_value FILE "$cur"
	fi
	return 0
}

complete -F _srgap srgap
