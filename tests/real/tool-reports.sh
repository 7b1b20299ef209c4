#!/bin/sh
# Runs the real trivy k8s, Kubescape and Polaris reports in tests/real/samples
# (see its README.md for where each comes from) one at a time through
# `srgap probe`: each is recognized, nothing is an error, and the checks the
# tools recorded come out as pass or FAIL with the controls of
# models/tool-mappings.yaml; checks no table maps are counted, not dropped.
# usage: tool-reports.sh SRGAP SOURCE_ROOT
set -u
srgap=$1
samples=$2/tests/real/samples
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# probe FILE: run it alone; the table goes to $work/out, one JSON line per result to $work/jsonl.
probe() {
	file=$samples/$1
	"$srgap" probe --evidence "$file" >"$work/out" 2>"$work/err" || fail "$1: exit status $?: $(cat "$work/err")"
	"$srgap" probe --evidence "$file" --format jsonl >"$work/jsonl" 2>/dev/null
	[ -s "$work/err" ] && fail "$1: unexpected diagnostics: $(cat "$work/err")"
	grep -q '0 unrecognized' "$work/out" || fail "$1: not recognized"
}

# expect PROBE SUBJECT OUTCOME
expect() {
	got=$(awk -v probe="$1" -v subject="$2" '
		$2 == probe {
			rest = $0
			sub(/^[^ ]+ +[^ ]+ +/, "", rest)
			if (rest == subject) { print $1; exit }
		}' "$work/out")
	[ "$got" = "$3" ] || fail "$file: $1 for '$2' is '$got', expected '$3'"
}

# summary "N pass, N fail, N error, N skip" [UNMAPPED]
summary() {
	grep -q "unrecognized: $1" "$work/out" || fail "$file: summary is '$(tail -1 "$work/out")', expected '$1'"
	if [ -n "${2:-}" ]; then
		grep -q "; $2 tool check" "$work/out" || fail "$file: expected $2 unmapped tool checks: $(tail -1 "$work/out")"
	else
		grep -q "mapped to no control" "$work/out" && fail "$file: unexpected unmapped checks: $(tail -1 "$work/out")"
	fi
}

# controls PROBE SUBJECT: the controls of that result, as its JSON line lists them.
controls() {
	grep -F "\"probe\":\"$1\"," "$work/jsonl" | grep -F "\"subject\":\"$2\"," |
		sed -n 's/.*"controls":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' '
}

probe trivy-k8s-kind-voc-lab.json
summary "0 pass, 3 fail, 0 error, 0 skip"
expect tools.trivy.check "trivy KSV-0001 deployment default/redis-follower" FAIL
expect tools.trivy.check "trivy KSV-0111 clusterrolebinding cluster-admin" FAIL
expect tools.trivy.check "trivy KSV-0113 clusterrole system:controller:bootstrap-signer" FAIL

# Before v0.45 trivy k8s split the resources into Vulnerabilities[] and Misconfigurations[].
probe trivy-k8s-legacy-eks.extracted.json
expect tools.trivy.check "trivy KSV-0003 deployment default/redis-leader" FAIL
expect tools.trivy.check "trivy KSV-0014 deployment default/redis-follower" FAIL
expect image.report.vulnerabilities "image docker.io/redis:6.0.5" pass
expect image.report.vulnerabilities "image gcr.io/google_samples/gb-redis-follower:v2" pass
[ "$(grep -c '^FAIL  tools.trivy.check' "$work/out")" -eq 6 ] || fail "$file: expected 6 failed KSV checks"
[ "$(controls tools.trivy.check "trivy KSV-0011 deployment default/redis-leader")" = "4.4.3d" ] ||
	fail "$file: KSV-0011 does not evidence 4.4.3d"
"$srgap" vulns "$samples/trivy-k8s-legacy-eks.extracted.json" >"$work/vulns" 2>&1 || fail "srgap vulns: exit status $?"
grep -q 'images    2' "$work/vulns" || fail "srgap vulns did not read the 2 images: $(head -5 "$work/vulns")"

probe kubescape-nginx.extracted.json
summary "14 pass, 3 fail, 0 error, 0 skip" 1
expect tools.kubescape.control "kubescape C-0055 deployment nginx-deployment" FAIL
expect tools.kubescape.control "kubescape C-0260 deployment nginx-deployment" FAIL
expect tools.kubescape.control "kubescape C-0017 deployment nginx-deployment" pass
[ "$(controls tools.kubescape.control "kubescape C-0055 deployment nginx-deployment")" = "4.4.3c" ] ||
	fail "$file: C-0055 does not evidence 4.4.3c"

probe polaris-base-valid.json
summary "10 pass, 5 fail, 0 error, 0 skip" 5
expect tools.polaris.check "polaris tagNotSpecified deployment http-echo container http-echo" FAIL
expect tools.polaris.check "polaris runAsRootAllowed deployment http-echo container http-echo" FAIL
expect tools.polaris.check "polaris hostPIDSet deployment http-echo" pass

# Polaris's own example: the first 1.0 output called the result sets "Messages".
probe polaris-examples-output.json
summary "22 pass, 0 fail, 0 error, 0 skip" 10
expect tools.polaris.check "polaris runAsPrivileged deployment polaris/polaris-webhook container webhook" pass

[ "$failures" -eq 0 ] && echo "real tool reports: all checks passed"
[ "$failures" -eq 0 ]
