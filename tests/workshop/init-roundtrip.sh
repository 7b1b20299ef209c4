#!/bin/sh
# init -> validate round trip for every compute service model, and init's
# refusal to replace a file without --force.
#   init-roundtrip.sh SRGAP
set -u
srgap=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

models=$("$srgap" models services | awk '$2 == "compute" { print $1 }')
[ -n "$models" ] || { echo "no compute service models listed"; exit 1; }
for model in $models; do
	file="$scratch/$(echo "$model" | tr / -).yaml"
	if ! "$srgap" init --service "$model" -o "$file" 2>"$scratch/err"; then
		fail "init --service $model: $(cat "$scratch/err")"
		continue
	fi
	# Valid, and quietly so: no warnings either, but the one that a model its
	# provider closed must give (model.service-closed).
	if "$srgap" validate --quiet "$file" >"$scratch/out" 2>&1 &&
		! grep -v '\[model\.service-closed\]$' "$scratch/out" >/dev/null; then
		passed=$((passed + 1))
	else
		fail "validate after init --service $model:"; cat "$scratch/out"
	fi
done

# All models in one file, by --provider/--service pairs.
set --
for model in $models; do set -- "$@" --provider "${model%%/*}" --service "${model#*/}"; done
if "$srgap" init -o "$scratch/all.yaml" "$@" && "$srgap" validate --quiet "$scratch/all.yaml" &&
	[ "$(grep -c '^  - name:' "$scratch/all.yaml")" = "$(echo "$models" | wc -l)" ]; then
	passed=$((passed + 1))
else
	fail "init with every model in one file"
fi

# Never replace without --force; the file stays as it was.
echo "keep me" >"$scratch/existing.yaml"
"$srgap" init -o "$scratch/existing.yaml" 2>"$scratch/err"
rc=$?
if [ $rc = 2 ] && [ "$(cat "$scratch/existing.yaml")" = "keep me" ] &&
	grep -q -- "--force" "$scratch/err"; then
	passed=$((passed + 1))
else
	fail "init over an existing file: exit $rc"
fi
if "$srgap" init --force -o "$scratch/existing.yaml" && "$srgap" validate -q "$scratch/existing.yaml"; then
	passed=$((passed + 1))
else
	fail "init --force"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ] && [ $passed -ge 4 ]
