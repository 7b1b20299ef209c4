#!/bin/sh
# Runs the cloud probe families (aws, azure, gcp) over the real evidence that
# others published in ../shared/evidence (see its PROVENANCE.md) and checks
# that every file is recognized as the right kind, nothing crashes, and a few
# key results come out as an expert would judge them.
# usage: probe-cloud.sh SRGAP SOURCE_ROOT   (exit 77 = skipped: no evidence)
set -u
srgap=$1
evidence=$2/../shared/evidence
if [ ! -d "$evidence/aws" ] || [ ! -d "$evidence/azure" ] || [ ! -d "$evidence/gcp" ]; then
	echo "skip: $evidence (aws, azure, gcp) not found"
	exit 77
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Each folder as a whole: exit 0, and only the expected files unrecognized.
for provider in aws azure gcp; do
	"$srgap" probe --evidence "$evidence/$provider" >"$work/$provider.out" 2>"$work/$provider.err"
	status=$?
	[ "$status" -eq 0 ] || fail "$provider: exit status $status: $(cat "$work/$provider.err")"
	[ -s "$work/$provider.err" ] && fail "$provider: unexpected diagnostics: $(cat "$work/$provider.err")"
	grep '^unrecognized:' "$work/$provider.out" >"$work/unknown"
	[ -s "$work/unknown" ] && fail "$provider: files not recognized: $(cat "$work/unknown")"
	for file in "$evidence/$provider"/*.json; do
		grep -q "at $file#" "$work/$provider.out" || fail "$file: no probe result"
	done
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

expect gcp/gcpdiag-gke4-container-clusters.json gcp.gke.workload-identity "cluster gke1" FAIL
expect gcp/gcpdiag-gke4-container-clusters.json gcp.gke.release-channel "cluster gke1" FAIL
expect gcp/gcpdiag-gke4-container-clusters.json gcp.gke.node-image "cluster gke1 node pool default-pool" pass
expect gcp/gcpdiag-gke1-container-clusters.json gcp.gke.workload-identity "cluster gke4" pass
expect gcp/gcpdiag-gke1-container-clusters.json gcp.gke.private-nodes "cluster gke4" pass
expect gcp/gcpdiag-gke1-container-clusters.json gcp.gke.network-policy "cluster autopilot-gke1" pass
expect gcp/gcpdiag-gke1-container-clusters.json gcp.gke.secrets-encryption "cluster gke2" FAIL
expect gcp/gcpdiag-gke1-container-clusters.json gcp.gke.legacy-abac "cluster gke3" pass
expect gcp/gcpdiag-cloudrun1-services.json gcp.run.ingress "Cloud Run service cloudrun1" FAIL
expect gcp/gcpdiag-cloudrun1-services.json gcp.run.service-account "Cloud Run service cloudrun1" FAIL
expect gcp/kcc-artifactregistry-repository-get.body.json gcp.ar.vulnerability-scanning \
	'repository arrepository-${uniqueId}-2' FAIL

expect azure/aks-show-body-aad-azure-rbac.extracted.json azure.aks.azure-rbac "cluster clustername1" pass
expect azure/aks-show-body-aad-azure-rbac.extracted.json azure.aks.entra-id "cluster clustername1" pass
expect azure/aks-show-body-rbac-disabled-kubenet.extracted.json azure.aks.kubernetes-rbac "cluster clustername1" FAIL
expect azure/aks-show-body-rbac-disabled-kubenet.extracted.json azure.aks.network-policy "cluster clustername1" FAIL
expect azure/acr-show-body-public-standard.extracted.json azure.acr.admin-user "registry myRegistry" pass
expect azure/acr-show-body-public-standard.extracted.json azure.acr.public-network "registry myRegistry" FAIL

expect aws/awscli-example-eks-describe-cluster.extracted.json aws.eks.endpoint-public "cluster my-eks-cluster" pass
expect aws/awscli-example-eks-describe-cluster.extracted.json aws.eks.control-plane-logging "cluster my-eks-cluster" pass
expect aws/awscli-example-eks-describe-cluster.extracted.json aws.eks.version-supported "cluster my-eks-cluster" FAIL
expect aws/awscli-example-ecs-describe-task-definition.extracted.json aws.ecs.plaintext-secrets \
	"task definition hello_world:8 container mysql" FAIL
expect aws/awscli-example-ecs-describe-task-definition.extracted.json aws.ecs.privileged \
	"task definition hello_world:8 container wordpress" pass
expect aws/awscli-example-guardduty-get-detector.extracted.json aws.guardduty.detector-enabled \
	"GuardDuty detector (account 111122223333)" pass
expect aws/awscli-example-guardduty-get-detector.extracted.json aws.guardduty.runtime-monitoring \
	"GuardDuty detector (account 111122223333)" error
# The ECR example omits the settings the CLI prints: errors, never passes.
expect aws/awscli-example-ecr-describe-repositories.extracted.json aws.ecr.scan-on-push "repository ubuntu" error
# create-repository prints one `repository` object; the example omits the same settings.
expect aws/awscli-example-ecr-create-repository.extracted.example1.json aws.ecr.tag-immutability \
	"repository project-a/sample-repo" error

# A secret found in plain text is named, its value never printed.
if "$srgap" probe --evidence "$evidence/aws/awscli-example-ecs-describe-task-definition.extracted.json" |
	grep -q '"password"\|: password'; then
	fail "the ECS secret value appears in the output"
fi

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok: cloud probes over $evidence"
