#!/bin/sh
# Golden tests: run the srgap binary and compare its output byte for byte.
#
#   run.sh SRGAP GOLDEN_DIR    each GOLDEN_DIR/CASE/ holds `cmd` (the arguments,
#                              shell-quoted, run from the case directory) and
#                              expected.stdout, expected.stderr, expected.rc
#   run.sh SRGAP INVALID_DIR --invalid
#                              each INVALID_DIR/NAME.yaml is validated; its
#                              diagnostics must equal NAME.expected, exit status 2
#
# UPDATE=1 rewrites the expected files from the actual output; review the diff.
set -u
# The same environment as under meson, so a run by hand gives the same bytes.
export SOURCE_DATE_EPOCH=1795000000 NO_COLOR=1 COLUMNS=80 LC_ALL=C.UTF-8
srgap=$1
dir=$2
mode=${3:-golden}
passed=0
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A build from a git checkout names its commit wherever it names its version
# ("srgap 0.1.0 (abc1234)", srgap --version); expected files hold the plain
# version, so a commit does not change them.
full_version=$("$srgap" --version | sed 's/^srgap //')
plain_version=${full_version%% *}
plain() { # file: rewritten in place
	[ "$full_version" = "$plain_version" ] && return 0
	sed "s|srgap $full_version|srgap $plain_version|g" "$1" >"$1.plain" && mv "$1.plain" "$1"
}

check() { # name expected-file actual-file
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$3" "$2"
		return 0
	fi
	if [ -f "$2" ] && cmp -s "$2" "$3"; then
		return 0
	fi
	echo "--- $1: $(basename "$2") differs"
	if [ -f "$2" ]; then diff -u "$2" "$3" | head -40; else echo "(missing $2)"; fi
	return 1
}

if [ "$mode" = --invalid ]; then
	for input in "$dir"/*.yaml; do
		name=$(basename "$input" .yaml)
		(cd "$dir" && "$srgap" validate "$name.yaml" >/dev/null 2>"$scratch/stderr"
		 echo $? >"$scratch/rc")
		plain "$scratch/stderr"
		ok=1
		check "$name" "$dir/$name.expected" "$scratch/stderr" || ok=0
		if [ "$(cat "$scratch/rc")" != 2 ]; then
			echo "--- $name: exit status $(cat "$scratch/rc"), expected 2"
			ok=0
		fi
		if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
	done
else
	for case in "$dir"/*/; do
		name=$(basename "$case")
		[ -f "$case/cmd" ] || continue
		(cd "$case" && eval "set -- $(cat cmd)" && "$srgap" "$@" >"$scratch/stdout" 2>"$scratch/stderr"
		 echo $? >"$scratch/rc")
		plain "$scratch/stdout"
		plain "$scratch/stderr"
		ok=1
		check "$name" "$case/expected.stdout" "$scratch/stdout" || ok=0
		check "$name" "$case/expected.stderr" "$scratch/stderr" || ok=0
		check "$name" "$case/expected.rc" "$scratch/rc" || ok=0
		if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
	done
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
