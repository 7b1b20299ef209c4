#!/bin/sh
# Whole estates (docs/scale-out.md): the output of `srgap assess` does not
# depend on --jobs, on the example inventory with evidence, on the small
# estate in estate/ (several files, scanner reports in many environments)
# and on a generated estate.
#   run.sh SRGAP SOURCE_DIR GEN_INVENTORY
set -u
srgap=$1
source=$2
generate=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

"$generate" 300 >"$scratch/generated.yaml"
set -- "$source/examples/acme-retail.yaml" "$source/tests/scale/estate" "$scratch/generated.yaml"
for inventory in "$@"; do
	name=$(basename "$inventory" .yaml)
	"$srgap" assess "$inventory" --format json --jobs 1 -o "$scratch/$name-1.json" 2>/dev/null
	"$srgap" assess "$inventory" --format json --jobs 8 -o "$scratch/$name-8.json" 2>/dev/null
	if [ -s "$scratch/$name-1.json" ] && cmp -s "$scratch/$name-1.json" "$scratch/$name-8.json"; then
		ok
	else
		fail "$name: --jobs 1 and --jobs 8 differ"
	fi
done

echo "$passed passed, $failed failed"
[ $failed = 0 ]
