#!/bin/sh
# Runs the kubernetes and image probe families over the real evidence that
# others published in ../shared/evidence (kubernetes/ and scanners/; see its
# PROVENANCE.md): every file is recognized, nothing crashes, and the key
# results come out as an expert reads those files.
# usage: probe-k8s-image.sh SRGAP SOURCE_ROOT   (exit 77 = skipped: no evidence)
set -u
srgap=$1
evidence=$2/../shared/evidence
if [ ! -d "$evidence/kubernetes" ] || [ ! -d "$evidence/scanners" ]; then
	echo "skip: $evidence (kubernetes, scanners) not found"
	exit 77
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Each folder as a whole: exit 0, no diagnostics, nothing unrecognized.
for folder in kubernetes scanners; do
	"$srgap" probe --evidence "$evidence/$folder" >"$work/$folder.out" 2>"$work/$folder.err"
	status=$?
	[ "$status" -eq 0 ] || fail "$folder: exit status $status: $(cat "$work/$folder.err")"
	[ -s "$work/$folder.err" ] && fail "$folder: unexpected diagnostics: $(cat "$work/$folder.err")"
	grep '^unrecognized:' "$work/$folder.out" && fail "$folder: files not recognized"
done
# Files with workloads, reports and containers produce results; the NetworkPolicy-only
# files are recognized but judge nothing until workloads share their namespace.
for file in "$evidence"/kubernetes/kubeaudit-daemonset-privileged-true.yml \
	"$evidence"/kubernetes/kubeaudit-pod-hostpid-hostipc-hostnetwork.yml \
	"$evidence"/kubernetes/kubeaudit-deployment-capabilities-add-no-drop-all.yml \
	"$evidence"/kubernetes/kubectl-get-pods-list-raw.json "$evidence"/scanners/*.json; do
	grep -q "at $file#" "$work/kubernetes.out" "$work/scanners.out" || fail "$file: no probe result"
done

# The outcome (pass, FAIL or error) of PROBE for SUBJECT in FILE's results.
outcome() {
	"$srgap" probe --evidence "$evidence/$1" | awk -v probe="$2" -v subject="$3" '
		$2 == probe {
			rest = $0
			sub(/^[^ ]+ +[^ ]+ +/, "", rest)
			if (rest == subject) { print $1; exit }
		}'
}

expect() {
	got=$(outcome "$1" "$2" "$3")
	[ "$got" = "$4" ] || fail "$1: $2 for '$3' is '$got', expected '$4'"
}

k=kubernetes
expect $k/kubeaudit-daemonset-privileged-true.yml k8s.pod.privileged \
	"daemonset privileged-true/daemonset container container" FAIL
expect $k/kubeaudit-pod-hostpid-hostipc-hostnetwork.yml k8s.pod.host-namespaces \
	"pod namespaces-all-true/pod" FAIL
expect $k/kubeaudit-deployment-capabilities-add-no-drop-all.yml k8s.pod.capabilities \
	"deployment capabilities-added-not-dropped/deployment container container" FAIL
expect $k/kubeaudit-deployment-capabilities-add-no-drop-all.yml k8s.pod.privileged \
	"deployment capabilities-added-not-dropped/deployment container container" pass
# Real `kubectl get pods -o json`: untagged image, no limits, the token mounted.
expect $k/kubectl-get-pods-list-raw.json k8s.pod.image-pinned "pod default/t1 container t1" FAIL
expect $k/kubectl-get-pods-list-raw.json k8s.pod.resource-limits "pod default/t2 container t2" FAIL
expect $k/kubectl-get-pods-list-raw.json k8s.pod.service-account-token "pod default/t1" FAIL
expect $k/kubectl-get-pods-list-raw.json k8s.pod.host-namespaces "pod default/t1" pass
expect $k/kubectl-get-pods-list-raw.json k8s.namespace.default-deny-ingress "namespace default" FAIL
# A Namespace and its default-deny policy in one file, a workload in another: read together.
cp "$evidence/$k/kubeaudit-netpol-default-deny.yml" "$work/policy.yml"
sed 's/namespace: privileged-true/namespace: namespace-has-default-deny-netpol/' \
	"$evidence/$k/kubeaudit-daemonset-privileged-true.yml" >"$work/workload.yml"
"$srgap" probe --evidence "$work" >"$work/joined.out" 2>&1
grep -A1 'pass  k8s.namespace.default-deny-egress  namespace namespace-has-default-deny-netpol' \
	"$work/joined.out" | grep -q 'NetworkPolicy default-deny' ||
	fail "default-deny policy from another file not seen: $(cat "$work/joined.out")"
rm -f "$work/policy.yml" "$work/workload.yml"

s=scanners
expect $s/trivy-image-alpine-3.9.json image.report.vulnerabilities \
	"image testdata/fixtures/images/alpine-39.tar.gz" FAIL
expect $s/trivy-image-alpine-3.9.json image.report.user \
	"image testdata/fixtures/images/alpine-39.tar.gz" FAIL
expect $s/trivy-image-alpine-distroless-nonroot.json image.report.user \
	"image testdata/fixtures/images/alpine-distroless.tar.gz" pass
expect $s/trivy-config-helm-misconfig.json image.report.misconfigurations \
	"repository testdata/fixtures/repo/helm" FAIL
expect $s/trivy-scheme2-no-vuln.json image.report.vulnerabilities "image trivy-unittest:latest" pass
# Grype: a fixable High is below the default bar (critical); a clean image passes.
expect $s/grype-fix-available.json image.report.vulnerabilities "image REDACTED" pass
expect $s/grype-busybox-latest-no-vulns.json image.report.vulnerabilities "image busybox:latest" pass
c="container trusting_williams (nginx:latest)"
expect $s/inspec-fixture-docker-inspect-nginx.json image.container.user "$c" FAIL
expect $s/inspec-fixture-docker-inspect-nginx.json image.container.privileged "$c" pass
expect $s/inspec-fixture-docker-inspect-nginx.json image.container.memory-limit "$c" FAIL
expect $s/inspec-fixture-docker-inspect-nginx.json image.container.no-new-privileges "$c" FAIL
expect $s/inspec-fixture-docker-inspect-nginx.json image.container.read-only-root-filesystem "$c" FAIL

# A readable report never yields an error result.
if "$srgap" probe --evidence "$evidence/$s/grype-fix-available.json" --format json |
	grep -q '"result": "error"'; then
	fail "grype-fix-available.json: an error result"
fi

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok: kubernetes and image probes over $evidence"
