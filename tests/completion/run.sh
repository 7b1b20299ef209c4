#!/bin/bash
# The manual page and the bash completion, checked against `srgap help`:
#   run.sh SRGAP SOURCE_ROOT [BUILT_MAN_PAGE]
# - docs/srgap.1.scd has a "## COMMAND" section for every command of
#   `srgap help`, naming every option of `srgap help COMMAND` (its option
#   lines and its usage); GLOBAL OPTIONS names the global ones, ENVIRONMENT
#   every variable srgap reads (getenv in src/), EXIT STATUS 0 to 3;
# - the built page (when scdoc built one) renders without a groff warning;
# - completions/srgap.bash, sourced into bash and called the way bash calls
#   it, offers every command, every option of every command, the choices of
#   every "--option a|b|c" (formats, severities...), and the service model,
#   provider and control ids that `srgap models TOPIC --format ids` prints,
#   from the data directory given with --data-dir when there is one.
# So adding a command or an option without describing it fails here.
set -u
srgap=$1
root=$2
man_page=${3:-}
scd=$root/docs/srgap.1.scd
completion=$root/completions/srgap.bash
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}
pass() {
	passed=$((passed + 1))
}

# --- what `srgap help` says -------------------------------------------------
"$srgap" help >"$work/overview" || fail "srgap help exits $?"
commands=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$work/overview")
[ -n "$commands" ] || fail "no command in 'srgap help'"
# Options of a help text: its option lines ("  -f, --format FORMAT  ...") and
# every --option of its usage (the lines up to the first empty one).
options_of() { # help-file
	{
		sed -nE 's/^ +(-[A-Za-z], +)?(--[a-z][a-z0-9-]*).*/\2/p' "$1"
		sed '/^$/q' "$1" | grep -oE -- '(^|[^a-z-])--[a-z][a-z0-9-]*' | sed 's/^[^-]//'
	} | sort -u
}
global_options=$(sed '/^$/q' "$work/overview" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
global_options=$(echo $global_options)
[ -n "$global_options" ] || fail "no global option in the usage of 'srgap help'"

# --- the manual page ----------------------------------------------------------
# The text of a "# SECTION" or "## command" of the scdoc source.
section() { # heading-line
	awk -v heading="$1" '
		$0 == heading { inside = 1; next }
		inside && /^#/ { exit }
		inside { print }' "$scd"
}
has_word() { # file word
	grep -qE -- "(^|[^a-zA-Z0-9_-])$2([^a-zA-Z0-9_-]|$)" "$1"
}
for command in $commands; do
	"$srgap" help "$command" >"$work/help-$command" || fail "srgap help $command exits $?"
	section "## $command" >"$work/man-$command"
	if [ ! -s "$work/man-$command" ]; then
		fail "docs/srgap.1.scd: no '## $command' section for the command '$command'"
		continue
	fi
	pass
	# An option line of the help needs its own entry ("*-f*, *--format* _FORMAT_");
	# an option only named in the usage needs a mention.
	listed=$(sed -nE 's/^ +(-[A-Za-z], +)?(--[a-z][a-z0-9-]*).*/\2/p' "$work/help-$command")
	for option in $(options_of "$work/help-$command"); do
		case " $global_options " in *" $option "*) continue ;; esac
		if grep -qx -- "$option" <<<"$listed"; then
			grep -qE -- "^\*(-[A-Za-z]\*, \*)?$option\*( |$)" "$work/man-$command"
		else
			has_word "$work/man-$command" "$option"
		fi
		if [ $? = 0 ]; then pass; else
			fail "docs/srgap.1.scd: '## $command' does not describe $option (srgap help $command)"
		fi
	done
done
section "# GLOBAL OPTIONS" >"$work/man-global"
for option in $global_options; do
	if grep -qE -- "^\*(-[A-Za-z]\*, \*)?$option\*( |$)" "$work/man-global"; then pass; else
		fail "docs/srgap.1.scd: GLOBAL OPTIONS does not describe $option (srgap help)"
	fi
done
section "# ENVIRONMENT" >"$work/man-environment"
variables=$(grep -rhoE 'getenv\("[A-Za-z_0-9]+"\)' "$root/src" | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u)
[ -n "$variables" ] || fail "no getenv() found under $root/src"
for variable in $variables; do
	if has_word "$work/man-environment" "\*?$variable\*?"; then pass; else
		fail "docs/srgap.1.scd: ENVIRONMENT does not describe $variable (read in src/)"
	fi
done
section "# EXIT STATUS" >"$work/man-exit"
for status in 0 1 2 3; do
	if grep -qx "\*$status\*" "$work/man-exit"; then pass; else
		fail "docs/srgap.1.scd: EXIT STATUS does not describe status $status"
	fi
done
for heading in NAME SYNOPSIS DESCRIPTION FILES "SEE ALSO"; do
	if grep -qx "# $heading" "$scd"; then pass; else fail "docs/srgap.1.scd: no '# $heading'"; fi
done
if [ -n "$man_page" ]; then
	# groff's own warnings (-ww): what man(1) would print on a broken page.
	if ! command -v groff >/dev/null; then
		fail "groff not found (scripts/install-deps --test installs groff-base)"
	elif groff -k -man -Tutf8 -ww -z "$man_page" 2>"$work/groff.err" && [ ! -s "$work/groff.err" ]; then
		pass
	else
		fail "$man_page does not render cleanly: $(head -3 "$work/groff.err")"
	fi
fi

# --- the completion, in bash -------------------------------------------------
# The completion, sourced as bash-completion sources it.
# shellcheck source=completions/srgap.bash
source "$completion" || fail "sourcing $completion failed"
complete -p srgap >/dev/null 2>&1 || fail "$completion registers no completion for srgap"
# Completes LINE at its end and prints the candidates, one per line: the
# words are split as readline splits them (at spaces, and '=' is a word of
# its own, COMP_WORDBREAKS' default), then _srgap runs as bash runs it.
complete_line() { # line
	(
		line=$1 word=
		COMP_WORDS=()
		for ((k = 0; k < ${#line}; k++)); do
			c=${line:k:1}
			if [[ $c == " " ]]; then
				[[ -n $word ]] && COMP_WORDS+=("$word")
				word=
			elif [[ $c == "=" ]]; then
				[[ -n $word ]] && COMP_WORDS+=("$word")
				COMP_WORDS+=("=")
				word=
			else
				word+=$c
			fi
		done
		COMP_WORDS+=("$word")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
		COMPREPLY=()
		_srgap
		printf "%s\n" "${COMPREPLY[@]}"
	) | sed '/^$/d' | sort -u
}
# LINE completes to exactly the lines of EXPECTED (or, with "includes", to at least them).
expect() { # line expected [includes]
	complete_line "$1" >"$work/got"
	printf '%s\n' "$2" | sed '/^$/d' | sort -u >"$work/want"
	if [ "${3:-}" = includes ]; then
		missing=$(comm -23 "$work/want" "$work/got")
		if [ -z "$missing" ]; then pass; else
			fail "completing '$1': missing $(echo $missing)"
		fi
	elif cmp -s "$work/want" "$work/got"; then
		pass
	else
		fail "completing '$1': got [$(echo $(cat "$work/got"))], want [$(echo $(cat "$work/want"))]"
	fi
}
s=$srgap
expect "$s " "$commands"
expect "$s -" "$(tr " " "\n" <<<"$global_options")"
expect "$s help " "$commands"
for command in $commands; do
	options=$(options_of "$work/help-$command")
	for option in $global_options; do options=$(grep -vx -- "$option" <<<"$options"); done
	[ -z "$options" ] || expect "$s $command --" "$options" includes
	# Every --option a|b|c of the help completes to exactly its choices.
	grep -oE -- '--[a-z][a-z0-9-]*[ =][a-z0-9-]+(\|[a-z0-9-]+)+' "$work/help-$command" |
		sort -u >"$work/choices"
	while read -r option_choices; do
		option=${option_choices%%[ =]*}
		choices=$(tr '|' '\n' <<<"${option_choices#*[ =]}")
		expect "$s $command $option " "$choices"
		expect "$s $command $option=" "$choices"
	done <"$work/choices"
done

# Formats complete for every command that has --format (fails when a new
# format is described in a way the completion cannot read).
for command in $commands; do
	if has_word "$work/help-$command" --format; then
		if [ -n "$(complete_line "$s $command --format ")" ]; then pass; else
			fail "completing '$command --format ': no format (write the usage as [--format a|b|c])"
		fi
	fi
done

services=$("$srgap" models services --format ids)
providers=$("$srgap" models providers --format ids)
controls=$("$srgap" models controls --format ids)
grep -qx aws/eks-fargate <<<"$services" || fail "models services --format ids lacks aws/eks-fargate"
grep -qx 4.4.3a <<<"$controls" || fail "models controls --format ids lacks 4.4.3a"
grep -qx 4.4.3 <<<"$controls" || fail "models controls --format ids lacks the group 4.4.3"
expect "$s explain " "$controls"
expect "$s explain 4.4.3" "$(grep '^4\.4\.3' <<<"$controls")"
expect "$s models " "providers
services
controls
capabilities"
expect "$s init --provider " "$providers"
expect "$s init -p a" "$(grep '^a' <<<"$providers")"
expect "$s init --service " "$services"
expect "$s whatif inventory.yaml --move checkout-prod=" "$services"
expect "$s whatif inventory.yaml -m checkout-prod=aws/" "$(grep '^aws/' <<<"$services")"
expect "$s compare inventory.yaml --to aws/eks-fargate,gcp/" \
	"$(grep '^gcp/' <<<"$services" | sed 's|^|aws/eks-fargate,|')"
expect "$s assess --format j" "json" includes
expect "$s assess -f pd" "pdf"
expect "$s assess --fail-on " "critical
high
medium
low"
# Ids come from the data directory given on the command line.
mkdir -p "$work/data"
cp -r "$root/models" "$root/templates" "$work/data/"
mkdir "$work/data/providers"
cp "$root/providers/aws.yaml" "$work/data/providers/"
if "$srgap" --data-dir "$work/data" models providers --format ids >"$work/one-provider" 2>&1; then
	expect "$s --data-dir $work/data init --provider " "$(cat "$work/one-provider")"
	expect "$s models --data-dir $work/data providers --format " "text
ids
oscal-catalog
oscal-cdef" includes
else
	fail "srgap with a data directory of aws.yaml alone: $(head -3 "$work/one-provider")"
fi
# File names for files, folders for folders.
mkdir -p "$work/files/estate"
touch "$work/files/acme.yaml" "$work/files/acme.json"
expect "$s assess $work/files/ac" "$work/files/acme.yaml
$work/files/acme.json"
expect "$s probe --evidence $work/files/e" "$work/files/estate"
expect "$s --data-dir $work/files/e" "$work/files/estate"
# Nothing for a program that is not there, and no list copied into the script.
expect "$work/no-such-srgap " ""
if grep -qE 'eks-fargate|4\.4\.3a|oscal-cdef|critical\|high' "$completion"; then
	fail "completions/srgap.bash holds a copy of srgap's ids or choices; read them from srgap"
else
	pass
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
