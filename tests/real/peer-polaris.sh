#!/bin/sh
# Runs every Polaris check fixture in ../shared/peer (see its PROVENANCE.md)
# alone through `srgap probe` and compares the outcome of the srgap probe
# that judges the same property (fail if any of its results fails, else
# pass) with the outcome Polaris's own tests expect. A disagreement must be
# listed, with srgap's outcome and its Kubernetes reason, in the table
# "Agreement with Polaris" of docs/probes.md; a listed fixture that agrees
# again must leave the table. Prints the agreement figures.
# usage: peer-polaris.sh SRGAP SOURCE_ROOT   (exit 77 = skipped: no peer fixtures)
set -u
srgap=$1
root=$2
peer=$root/../shared/peer
manifest=$peer/MANIFEST.tsv
if [ ! -f "$manifest" ]; then
	echo "skip: $manifest not found"
	exit 77
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# The documented differences: "| `check/file.yaml` | polaris | srgap | why |" rows.
awk -F'|' '
	/^## Agreement with Polaris/ { inside = 1; next }
	/^## / { inside = 0 }
	inside && $2 ~ /`[^`]*\.yaml`/ {
		fixture = $2; gsub(/[ `]/, "", fixture)
		outcome = $4; gsub(/[ `]/, "", outcome)
		print fixture "\t" outcome
	}' "$root/docs/probes.md" >"$work/documented"
[ -s "$work/documented" ] || fail "docs/probes.md has no table of differences with Polaris"

total=0 agree=0 documented=0
tail -n +2 "$manifest" >"$work/rows"
while IFS='	' read -r _peer _repo _commit path _check expected probe _relation _basis; do
	fixture=${path#test/checks/}
	total=$((total + 1))
	"$srgap" probe --evidence "$peer/polaris/$fixture" >"$work/out" 2>"$work/err"
	status=$?
	[ "$status" -eq 0 ] || fail "$fixture: exit status $status: $(cat "$work/err")"
	got=$(awk -v probe="$probe" '
		$2 == probe { n++; if ($1 == "FAIL") failed = 1 }
		END { print n == 0 ? "none" : failed ? "fail" : "pass" }' "$work/out")
	listed=$(awk -F'\t' -v f="$fixture" '$1 == f { print $2 }' "$work/documented")
	if [ "$got" = "$expected" ]; then
		agree=$((agree + 1))
		[ -n "$listed" ] && fail "$fixture: agrees with Polaris ($got) but is listed as a difference in docs/probes.md"
	elif [ -z "$listed" ]; then
		fail "$fixture: $probe gives $got, Polaris expects $expected; fix it or document why in docs/probes.md"
	elif [ "$listed" != "$got" ]; then
		fail "$fixture: $probe gives $got, docs/probes.md says $listed"
	else
		documented=$((documented + 1))
	fi
done <"$work/rows"

# Every documented row names a fixture of the manifest.
cut -f1 "$work/documented" | while read -r fixture; do
	grep -q "test/checks/$fixture	" "$manifest" || echo "$fixture"
done >"$work/stale"
[ -s "$work/stale" ] && fail "docs/probes.md lists fixtures the manifest does not have: $(cat "$work/stale")"

echo "Polaris fixtures: $total; srgap agrees on $agree ($((agree * 1000 / total / 10)).$((agree * 1000 / total % 10))%), differs deliberately on $documented (documented)"
if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
