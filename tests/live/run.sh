#!/bin/sh
# Drives the srgap binary in live and host mode:
#   - `srgap probe --live` and `srgap assess --live` with the fake aws, az,
#     gcloud and kubectl of bin/ first on PATH, in each of their modes
#     (recorded JSON, failure, hang, garbage, broken JSON, not installed);
#   - `srgap probe --host` for real on this machine (it must run, exit 0 or 2
#     and print results) and with --root on the fixture host trees.
#
#   run.sh SRGAP
set -u
srgap=$1
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../unit/fixtures/host"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

# run NAME MODE ARGS...: srgap with the fake CLIs in MODE; output in $scratch/NAME.*
run() {
	name=$1 mode=$2
	shift 2
	(cd "$here" && PATH="$here/bin:$PATH" SRGAP_FAKE_CLI_MODE=$mode \
		"$srgap" "$@" >"$scratch/$name.out" 2>"$scratch/$name.err"
	 echo $? >"$scratch/$name.rc")
}

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	echo "FAIL $1: $2"
	sed 's/^/    /' "$scratch/$1.out" | head -20
	sed 's/^/    stderr: /' "$scratch/$1.err" | head -5
}

expect_rc() { # NAME RC
	if [ "$(cat "$scratch/$1.rc")" = "$2" ]; then ok; else bad "$1" "exit $(cat "$scratch/$1.rc"), expected $2"; fi
}
expect_out() { # NAME TEXT: stdout contains TEXT
	if grep -qF -- "$2" "$scratch/$1.out"; then ok; else bad "$1" "stdout lacks: $2"; fi
}
expect_err() { # NAME TEXT: stderr contains TEXT
	if grep -qF -- "$2" "$scratch/$1.err"; then ok; else bad "$1" "stderr lacks: $2"; fi
}
expect_count() { # NAME TEXT N: stdout has N lines with TEXT
	n=$(grep -cF -- "$2" "$scratch/$1.out")
	if [ "$n" = "$3" ]; then ok; else bad "$1" "$n lines with '$2', expected $3"; fi
}

# ---------------------------------------------------------------- live mode

run live-ok ok probe --live --inventory inventory.yaml --timeout 10
expect_rc live-ok 0
expect_out live-ok "FAIL  aws.eks.endpoint-public            cluster shop-prod"
expect_out live-ok "at live: aws eks describe-cluster --name shop-prod --region eu-west-1 --output json#/cluster/resourcesVpcConfig/publicAccessCidrs/0"
expect_out live-ok "at live: az aks show --resource-group rg-loyalty --name loyalty-aks --output json"
expect_out live-ok "at live: gcloud container clusters describe web-gke --project acme-web --zone europe-west1-b --format=json"
expect_out live-ok "at live: kubectl --context shop-prod get"
expect_out live-ok "live region is not set, so \`aws eks describe-cluster\` cannot run"
expect_out live-ok "0 unrecognized"

run live-json ok probe --live --inventory inventory.yaml --env web-run --format json
expect_rc live-json 0
expect_out live-json '"probe": "gcp.run.ingress"'
expect_out live-json '"location": "live: gcloud run services list --project acme-web --region europe-west1 --format=json#/0'

run live-fail fail probe --live --inventory inventory.yaml --env checkout-prod
expect_rc live-fail 0
expect_count live-fail 'aws exited 255: Unable to locate credentials.' 3
expect_count live-fail 'kubectl exited 1: error: context "shop-prod" does not exist' 2
expect_out live-fail "0 pass, 0 fail, 5 error"

start=$(date +%s)
run live-hang hang probe --live --inventory inventory.yaml --env checkout-prod --timeout 1
took=$(($(date +%s) - start))
expect_rc live-hang 0
expect_count live-hang "timed out after 1 s" 5
if [ "$took" -le 12 ]; then ok; else bad live-hang "took ${took}s for 5 commands with --timeout 1"; fi

run live-garbage garbage probe --live --inventory inventory.yaml --env loyalty-aks
expect_rc live-garbage 0
expect_count live-garbage 'output is not JSON (it starts "<html><body>502 Bad Gateway</body></html>")' 2

run live-truncated truncated probe --live --inventory inventory.yaml --env web-gke
expect_rc live-truncated 0
expect_count live-truncated "output is not valid JSON (line" 2

(cd "$here" && PATH=/nonexistent-srgap-test "$srgap" probe --live --inventory inventory.yaml \
	--env loyalty-aks >"$scratch/live-missing.out" 2>"$scratch/live-missing.err"
 echo $? >"$scratch/live-missing.rc")
expect_rc live-missing 0
expect_count live-missing "az: not found on PATH" 2

# assess --live: the recorded EKS cluster is public, so the claim of a private
# endpoint (4.3.2c) is contradicted; the recorded ECR repository does not scan.
run assess-live ok assess inventory.yaml --live --format csv
expect_rc assess-live 0
expect_out assess-live "checkout-prod,aws,eks-managed-nodes,aws/ecr,medium,false,4.3.2c,4.3.2,orchestrator,deploy,"
if grep -F "checkout-prod,aws,eks-managed-nodes,aws/ecr,medium,false,4.3.2c," "$scratch/assess-live.out" | grep -qF ",contradicted,"; then ok; else bad assess-live "4.3.2c is not contradicted"; fi
if grep -F "checkout-prod,aws,eks-managed-nodes,aws/ecr,medium,false,4.1.1b," "$scratch/assess-live.out" | grep -qF ",contradicted,"; then ok; else bad assess-live "4.1.1b is not contradicted"; fi
run assess-offline ok assess inventory.yaml --format csv
if grep -F "checkout-prod,aws,eks-managed-nodes,aws/ecr,medium,false,4.3.2c," "$scratch/assess-offline.out" | grep -qF ",claimed,"; then ok; else bad assess-offline "without --live 4.3.2c should stay claimed"; fi

# --jobs: the live CLIs of several environments at once; the output never depends on N.
run assess-jobs-1 ok assess inventory.yaml --live --format json --jobs 1
run assess-jobs-6 ok assess inventory.yaml --live --format json --jobs 6
if [ -s "$scratch/assess-jobs-1.out" ] && cmp -s "$scratch/assess-jobs-1.out" "$scratch/assess-jobs-6.out"; then
	ok
else
	bad assess-jobs-6 "--jobs 1 and --jobs 6 differ"
fi
# Every CLI hangs until its 1 s timeout: one at a time that is a second per command,
# six environments at once about a second per command of the busiest environment.
start=$(date +%s)
run assess-jobs-hang-1 hang assess inventory.yaml --live --format json --timeout 1 --jobs 1
serial=$(($(date +%s) - start))
start=$(date +%s)
run assess-jobs-hang-6 hang assess inventory.yaml --live --format json --timeout 1 --jobs 6
parallel=$(($(date +%s) - start))
if cmp -s "$scratch/assess-jobs-hang-1.out" "$scratch/assess-jobs-hang-6.out" &&
	[ "$parallel" -lt "$serial" ]; then
	ok
else
	bad assess-jobs-hang-6 "--jobs 6 took ${parallel}s, --jobs 1 ${serial}s, or their output differs"
fi
# Progress goes to a terminal only: stderr here is a file, so it stays free of it.
if grep -q "environment 1 of" "$scratch/assess-jobs-hang-6.err"; then
	bad assess-jobs-hang-6 "progress written to a file"
else
	ok
fi
# On a terminal (script(1) gives srgap one) it counts environments and names the slow one.
(cd "$here" && PATH="$here/bin:$PATH" SRGAP_FAKE_CLI_MODE=hang script -qec \
	"'$srgap' assess inventory.yaml --live --format json --timeout 1 --jobs 6 -o '$scratch/tty.json'" \
	/dev/null >"$scratch/assess-jobs-tty.err" 2>&1)
tr '\r' '\n' <"$scratch/assess-jobs-tty.err" >"$scratch/assess-jobs-tty.out"
if grep -q "^srgap: environment 1 of 6" "$scratch/assess-jobs-tty.out" &&
	grep -q "; waiting for [a-z-]* ([0-9]* s)" "$scratch/assess-jobs-tty.out" &&
	cmp -s "$scratch/tty.json" "$scratch/assess-jobs-hang-6.out"; then
	ok
else
	bad assess-jobs-tty "no progress on a terminal, or another result"
fi
run usage-jobs ok assess inventory.yaml --jobs 0
expect_rc usage-jobs 2
expect_err usage-jobs "--jobs takes a whole number from 1 to 256, not '0'"

# Usage errors.
run usage-no-inventory ok probe --live
expect_rc usage-no-inventory 2
expect_err usage-no-inventory "--live needs --inventory FILE"
run usage-timeout ok probe --live --inventory inventory.yaml --timeout 0
expect_rc usage-timeout 2
expect_err usage-timeout "--timeout takes whole seconds from 1 to 3600, not '0'"
run usage-env ok probe --live --inventory inventory.yaml --env web-gk
expect_rc usage-env 2
expect_err usage-env "no environment 'web-gk' in inventory.yaml (did you mean 'web-gke'?)"
run usage-env-no-live ok probe --live --inventory inventory.yaml --env no-live
expect_rc usage-env-no-live 2
expect_err usage-env-no-live "environment 'no-live' has no live: block to run"
run usage-root ok probe --root /
expect_rc usage-root 2
expect_err usage-root "--root goes with --host"
run usage-assess-timeout ok assess inventory.yaml --timeout 5
expect_rc usage-assess-timeout 2
expect_err usage-assess-timeout "--timeout goes with --live"

# ---------------------------------------------------------------- host mode

# This machine, for real: whatever it is, the run completes and says so.
run host-real ok probe --host
rc=$(cat "$scratch/host-real.rc")
if [ "$rc" = 0 ] || [ "$rc" = 2 ]; then ok; else bad host-real "exit $rc, expected 0 or 2"; fi
expect_out host-real "host.os.container-optimized"
expect_out host-real "host.kernel.sysctl                 sysctl kernel.kptr_restrict"
expect_out host-real "host.kernel.mac"
expect_out host-real "at /proc/sys/kernel/randomize_va_space"
if grep -qE '^0 files read, 0 unrecognized: [0-9]+ pass, [0-9]+ fail, [0-9]+ error, [0-9]+ skip$' "$scratch/host-real.out"; then ok; else bad host-real "no summary line"; fi
run host-real-json ok probe --host --format json
expect_out host-real-json '"probe": "host.kernel.sysctl"'
expect_out host-real-json '"location": "/etc/os-release"'

run host-root ok probe --host --root "$fixtures/general-purpose"
expect_rc host-root 0
expect_out host-root "FAIL  host.docker.insecure-registries"
expect_out host-root "general-purpose/etc/docker/daemon.json#/insecure-registries"
expect_out host-root "0 files read, 0 unrecognized: 6 pass, 15 fail, 3 error, 0 skip"

run host-bad-json ok probe --host --root "$fixtures/bad-daemon-json"
expect_rc host-bad-json 2
expect_err host-bad-json "bad-daemon-json/etc/docker/daemon.json:4:1: error: invalid JSON"

run host-no-root ok probe --host --root "$scratch/does-not-exist"
expect_rc host-no-root 2
expect_err host-no-root "does-not-exist: error: cannot read"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
