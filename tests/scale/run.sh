#!/bin/sh
# Whole estates (docs/scale-out.md), on the example inventory with evidence,
# on the small estate in estate/ (several files, scanner reports in many
# environments) and on a generated estate:
#   - `srgap assess --jobs 1` and `--jobs 8` write the same bytes;
#   - the N parts of `srgap assess --shard K/N`, run as parallel processes,
#     merge (`srgap merge`) into exactly the single run's JSON, for N = 1, 2, 7;
#   - parts that do not fit together are refused with the right error.
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
	for n in 1 2 7; do
		parts=$scratch/$name-parts-$n
		mkdir "$parts"
		k=1
		while [ $k -le $n ]; do
			"$srgap" assess "$inventory" --shard $k/$n --jobs 2 -o "$parts/$k.json" 2>/dev/null &
			k=$((k + 1))
		done
		wait
		if "$srgap" merge "$parts"/*.json --inventory "$inventory" -o "$scratch/$name-merged-$n.json" &&
			cmp -s "$scratch/$name-1.json" "$scratch/$name-merged-$n.json"; then
			ok
		else
			fail "$name: $n shards merged differ from the single run"
			cmp "$scratch/$name-1.json" "$scratch/$name-merged-$n.json" | head -3
		fi
	done
done

# Adding an environment moves no other between shards.
sed 's/^exceptions:$/  - { name: added-late, provider: aws, service: eks-fargate }\nexceptions:/' \
	"$scratch/generated.yaml" >"$scratch/grown.yaml"
"$srgap" assess "$scratch/generated.yaml" --shard 3/7 --format json 2>/dev/null |
	grep -o '"partial": {"position": [0-9]*, "name": "[^"]*"' | sed 's/.*"name": //' >"$scratch/before"
"$srgap" assess "$scratch/grown.yaml" --shard 3/7 --format json 2>/dev/null |
	grep -o '"partial": {"position": [0-9]*, "name": "[^"]*"' | sed 's/.*"name": //' |
	grep -v added-late >"$scratch/after"
if [ -s "$scratch/before" ] && cmp -s "$scratch/before" "$scratch/after"; then ok; else fail "an added environment moved others"; fi

# Parts that do not fit are refused, naming the parts; no output file is left.
parts=$scratch/estate-parts-7
expect_error() { # CODE ARGS...: merge fails with exit 2 and diagnostic CODE
	code=$1
	shift
	rm -f "$scratch/out.json"
	"$srgap" merge "$@" -o "$scratch/out.json" 2>"$scratch/err"
	rc=$?
	if [ $rc = 2 ] && grep -q "\[$code\]" "$scratch/err" && [ ! -e "$scratch/out.json" ]; then
		ok
	else
		fail "merge $code: exit $rc"; cat "$scratch/err"
	fi
}
expect_error part.missing-shard "$parts"/[1-6].json
expect_error part.duplicate-shard "$parts"/*.json "$parts/3.json"
expect_error part.not-a-part "$parts"/*.json "$scratch/estate-1.json"
sed 's/"date": "2026-11-15"/"date": "2026-11-16"/' "$parts/2.json" >"$scratch/2-other-date.json"
expect_error part.mismatch "$parts/1.json" "$scratch/2-other-date.json" "$parts"/[3-7].json
expect_error part.mismatch "$parts"/[1-6].json "$scratch/generated-parts-7/7.json"
expect_error part.other-inventory "$parts"/*.json --inventory "$source/examples/acme-retail.yaml"
head -c 20000 "$parts/4.json" >"$scratch/4-truncated.json"
expect_error part.json-syntax "$parts"/[1-3].json "$scratch/4-truncated.json" "$parts"/[5-7].json
# --inventory names each environment missing from the parts (at its place in
# the inventory) and each the inventory lacks.
gparts=$scratch/generated-parts-7
expect_errors() { # "CODE TEXT"... -- ARGS...: merge fails with exit 2 and every CODE with its TEXT
	rm -f "$scratch/out.json"
	checks=""
	while [ "$1" != -- ]; do checks="$checks
$1"; shift; done
	shift
	"$srgap" merge "$@" -o "$scratch/out.json" 2>"$scratch/err"
	rc=$?
	good=1
	[ $rc = 2 ] && [ ! -e "$scratch/out.json" ] || good=0
	echo "$checks" | while read -r code text; do
		[ -z "$code" ] || grep "\[$code\]" "$scratch/err" | grep -qF "$text" || exit 1
	done || good=0
	if [ $good = 1 ]; then ok; else fail "merge:" $checks "(exit $rc)"; cat "$scratch/err"; fi
}
expect_errors "part.missing-environment grown.yaml:" \
	"part.missing-environment environment 'added-late' is in none of the parts" -- \
	"$gparts"/*.json --inventory "$scratch/grown.yaml"
awk '/^  - name: env-000001$/ { skip = 1; next } /^  - name:/ || /^exceptions:/ { skip = 0 }
	!skip' "$scratch/generated.yaml" >"$scratch/shrunk.yaml"
expect_errors "part.extra-environment environment 'env-000001' is not in the inventory" -- \
	"$gparts"/*.json --inventory "$scratch/shrunk.yaml"

# What the parts hold is checked before it is copied: an environment that is
# no longer JSON srgap reads is refused at its place; one that is JSON in an
# unusual spelling (here an exponent) is checked the slow way and copied as written.
sed 's/"description": "Customer checkout and payments API"/"description": "checkout\\u0000"/' \
	"$scratch/acme-retail-parts-2/1.json" >"$scratch/1-nul.json"
line=$(grep -n 'checkout\\u0000' "$scratch/1-nul.json" | cut -d: -f1)
expect_errors "part.json-syntax 1-nul.json:$line:" -- \
	"$scratch/1-nul.json" "$scratch/acme-retail-parts-2/2.json"
sed 's/"coverage_percent": 21.9,/"coverage_percent": 2.19e1,/' \
	"$scratch/acme-retail-parts-2/1.json" >"$scratch/1-exponent.json"
if grep -q 2.19e1 "$scratch/1-exponent.json" &&
	"$srgap" merge "$scratch/1-exponent.json" "$scratch/acme-retail-parts-2/2.json" \
		-o "$scratch/out.json" && grep -q '"coverage_percent": 2.19e1,' "$scratch/out.json" &&
	"$srgap" report "$scratch/out.json" --format md -o "$scratch/out-report.md"; then
	ok
else
	fail "merge of an environment with an exponent"
fi

if "$srgap" merge "$parts"/*.json --fail-on critical -o "$scratch/out.json"; then
	fail "merge --fail-on critical: exit 0 although the estate has open critical cells"
else
	[ $? = 1 ] && [ -s "$scratch/out.json" ] && ok || fail "merge --fail-on critical"
fi

# A part is JSON only; reports come from the merged file.
if ! "$srgap" assess "$source/tests/scale/estate" --shard 1/2 --format pdf -o "$scratch/x.pdf" 2>"$scratch/err" &&
	grep -q "srgap report" "$scratch/err"; then
	ok
else
	fail "assess --shard --format pdf"
fi
if "$srgap" report "$scratch/estate-merged-7.json" -o "$scratch/estate.md" 2>/dev/null &&
	grep -q "shop-prod" "$scratch/estate.md"; then
	ok
else
	fail "srgap report of a merged assessment"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
