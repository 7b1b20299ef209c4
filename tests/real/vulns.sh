#!/bin/sh
# `srgap vulns` over the real scanner reports in ../shared/evidence/scanners
# (published Trivy and Grype output, see PROVENANCE.md there), next to the
# source tree. Skips (exit 77) when that folder is absent.
#
#   vulns.sh SRGAP SOURCE_ROOT
#
# Checks: every trivy-*/grype-* report is read (none unrecognized or failed),
# other JSON files are listed as unrecognized, facts known from the
# published reports appear in the plan, the fast path and jansson alone give
# the same JSON, and two runs give the same bytes.
set -u
srgap=$1
evidence=$2/../shared/evidence/scanners
if [ ! -d "$evidence" ]; then
	echo "no $evidence: skipped"
	exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}

"$srgap" vulns "$evidence" --format json -o "$scratch/plan.json" 2>"$scratch/stderr"
rc=$?
[ $rc = 0 ] || fail "exit status $rc"
if grep -v '\[vulns.unrecognized\]$' "$scratch/stderr" | grep -q .; then
	fail "unexpected diagnostics:"
	cat "$scratch/stderr"
fi
grep -q '"failed": \[\]' "$scratch/plan.json" || fail "some report failed"
for report in "$evidence"/trivy-*.json "$evidence"/grype-*.json; do
	[ -f "$report" ] || continue
	if grep -qF "$(basename "$report")" "$scratch/stderr"; then
		fail "$(basename "$report") was not read as a scanner report"
	fi
done
for other in "$evidence"/*.json; do
	case $(basename "$other") in
	trivy-* | grype-*) ;;
	*) grep -qF "$(basename "$other")" "$scratch/plan.json" ||
		fail "$(basename "$other") is not listed as unrecognized" ;;
	esac
done

expect() { # file-in-evidence text: when the report is there, the plan must contain the text
	[ -f "$evidence/$1" ] || return 0
	grep -qF -- "$2" "$scratch/plan.json" || fail "$1: expected '$2' in the plan"
}
# Trivy, alpine 3.9: musl CVE-2019-14697 is CRITICAL, fixed in 1.1.20-r5.
expect trivy-image-alpine-3.9.json '"title": "upgrade musl from 1.1.20-r4 to 1.1.20-r5 (alpine)"'
# Two OpenSSL CVEs on libssl1.1 1.1.1c-r0 fixed in -r0 and -r2: the action takes the higher.
expect trivy-image-alpine-3.10.json '"title": "upgrade libssl1.1 from 1.1.1c-r0 to 1.1.1d-r2 (alpine)"'
expect trivy-image-alpine-distroless-nonroot.json '"title": "upgrade git from 2.35.1-r2 to 2.35.2-r0 (alpine)"'
# Grype: fix state "fixed" with versions [1.2.3]; the version holds a NUL, shown as '?'.
expect grype-fix-available.json '{"id": "CVE-2009-3882", "package": "java", "installed": "17.0.10+7?-J-ms8m", "fixed": "1.2.3", "severity": "high"'
# The Helm config scan has 18 failed misconfiguration checks.
expect trivy-config-helm-misconfig.json '"misconfigurations": 18'

SRGAP_JSON_PRUNE=0 "$srgap" vulns "$evidence" --format json -o "$scratch/jansson.json" 2>/dev/null
cmp -s "$scratch/plan.json" "$scratch/jansson.json" || fail "the fast path and jansson alone differ"
"$srgap" vulns "$evidence" --format json -o "$scratch/again.json" 2>/dev/null
cmp -s "$scratch/plan.json" "$scratch/again.json" || fail "two runs differ"
for format in table csv md; do
	"$srgap" vulns "$evidence" --format $format >/dev/null 2>&1 || fail "--format $format failed"
done

[ $failed = 0 ] && echo "real scanner reports: ok ($(grep -c '"rank"' "$scratch/plan.json") actions)"
exit $failed
