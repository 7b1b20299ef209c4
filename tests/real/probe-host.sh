#!/bin/sh
# Runs the tools probe family (kube-bench, docker-bench-security, Lynis) over
# the real results others published in ../shared/evidence/host (see its
# PROVENANCE.md): every file is recognized and mapped through
# models/tool-mappings.yaml, nothing crashes, and checks whose status the
# published files record come out as pass, FAIL or skip accordingly.
# usage: probe-host.sh SRGAP SOURCE_ROOT   (exit 77 = skipped: no evidence)
set -u
srgap=$1
evidence=$2/../shared/evidence/host
if [ ! -d "$evidence" ]; then
	echo "skip: $evidence not found"
	exit 77
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

"$srgap" probe --evidence "$evidence" >"$work/out" 2>"$work/err"
status=$?
[ "$status" -eq 0 ] || fail "exit status $status: $(cat "$work/err")"
[ -s "$work/err" ] && fail "unexpected diagnostics: $(cat "$work/err")"
grep '^unrecognized:' "$work/out" && fail "files not recognized"
for file in "$evidence"/*; do
	grep -q "at $file" "$work/out" || fail "$file: no probe result"
done
grep -q "no tool mapping table\|no table in" "$work/out" && fail "a report had no mapping table"
# Manual, informational and skipped checks are `skip`: a tool's own report never gives `error`.
grep '^error ' "$work/out" && fail "a tool report gave error results"

# The outcome (pass, FAIL or error) of PROBE for SUBJECT.
expect() {
	got=$(awk -v probe="$1" -v subject="$2" '
		$2 == probe {
			rest = $0
			sub(/^[^ ]+ +[^ ]+ +/, "", rest)
			if (rest == subject) { print $1; exit }
		}' "$work/out")
	[ "$got" = "$3" ] || fail "$1 for '$2' is '$got', expected '$3'"
}

if [ -f "$evidence/kube-bench-report-many-fail.json" ]; then
	expect tools.kube-bench.check "kube-bench 3.1.1 (node)" FAIL
	expect tools.kube-bench.check "kube-bench 4.1.2 (node)" FAIL
	expect tools.kube-bench.check "kube-bench 4.2.11 (node)" FAIL
	expect tools.kube-bench.check "kube-bench 4.2.1 (node)" pass
fi
if [ -f "$evidence/kube-bench-result-with-totals.json" ]; then
	expect tools.kube-bench.check "kube-bench 1.1.1 (master)" pass
	expect tools.kube-bench.check "kube-bench 2.1 (etcd)" pass
	expect tools.kube-bench.check "kube-bench 3.1.1 (controlplane)" skip
fi
if [ -f "$evidence/docker-bench-security-many-warn.json" ]; then
	expect tools.docker-bench.check "docker-bench 2.2" FAIL
	expect tools.docker-bench.check "docker-bench 2.5" FAIL
	expect tools.docker-bench.check "docker-bench 5.4" pass
	expect tools.docker-bench.check "docker-bench 5.12" FAIL
	expect tools.docker-bench.check "docker-bench 3.16" pass
	expect tools.docker-bench.check "docker-bench 1.1.5" skip
fi
if [ -f "$evidence/lynis-report-many-warnings.dat" ]; then
	expect tools.lynis.test "Lynis ACCT-9628 on 82103dde74c7" FAIL
	expect tools.lynis.test "Lynis KRNL-5820 on 82103dde74c7" FAIL
	expect tools.lynis.test "Lynis KRNL-6000 on 82103dde74c7" pass
	expect tools.lynis.test "Lynis MACF-6208 on 82103dde74c7" skip
fi

[ "$failures" -eq 0 ] && echo "host evidence: all checks passed"
[ "$failures" -eq 0 ]
