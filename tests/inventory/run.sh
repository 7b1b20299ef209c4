#!/bin/sh
# Inventories in several files (docs/inventory-files.md): a folder assesses
# exactly like the same inventory in one file, files named one by one like the
# folder, and `srgap init --into` adds team files that validate together.
#   run.sh SRGAP SOURCE_DIR
set -u
srgap=$1
source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
examples=$source/examples
teams=$examples/acme-retail-teams

# The folder gives the single file's JSON byte for byte, but for the evidence
# paths, which are named as each file wrote them: ../evidence in the team
# files, evidence in the single file.
"$srgap" assess "$examples/acme-retail.yaml" --format json -o "$scratch/one.json" 2>/dev/null
"$srgap" assess "$teams" --format json -o "$scratch/folder.json" 2>/dev/null
sed 's#"\.\./evidence/#"evidence/#g' "$scratch/folder.json" >"$scratch/folder-fixed.json"
if [ -s "$scratch/one.json" ] && cmp -s "$scratch/one.json" "$scratch/folder-fixed.json"; then
	ok
else
	fail "folder and single file differ"; diff "$scratch/one.json" "$scratch/folder-fixed.json" | head -10
fi

# The files named one by one, in the folder's order, and one of them twice.
"$srgap" assess "$teams/aws.yaml" "$teams/azure.yaml" "$teams/gcp.yaml" "$teams/organization.yaml" \
	"$teams/stores/edge.yaml" "$teams/aws.yaml" --format json -o "$scratch/files.json" 2>/dev/null
if cmp -s "$scratch/folder.json" "$scratch/files.json"; then ok; else fail "files and folder differ"; fi

# Names on the command line set the order: the organization file first moves nothing
# (it has no environments), edge.yaml first moves store-edge to the front.
"$srgap" assess "$teams/stores/edge.yaml" "$teams" --format csv -o "$scratch/edge-first.csv" 2>/dev/null
if [ "$(sed -n 2p "$scratch/edge-first.csv" | cut -d, -f1)" = store-edge ]; then ok; else fail "command-line order"; fi

# probe takes the same inventory through repeated --inventory.
if "$srgap" probe --evidence "$examples/evidence/checkout-prod" --inventory "$teams/organization.yaml" \
	--inventory "$teams/aws.yaml" --inventory "$teams/stores" --format json >/dev/null 2>"$scratch/err"; then
	ok
else
	fail "probe --inventory repeated: $(cat "$scratch/err")"
fi

# init --into: a new folder gets its organization file and the team's file.
estate=$scratch/estate
if "$srgap" init --into "$estate" --team payments --service aws/eks-fargate --service gcp/cloud-run \
	--organization "Example Bank" 2>"$scratch/err" &&
	[ -f "$estate/organization.yaml" ] && [ -f "$estate/payments.yaml" ] &&
	! grep -q '^organization:' "$estate/payments.yaml" &&
	grep -q '^  - name: payments-aws-eks-fargate$' "$estate/payments.yaml" &&
	grep -q '^    owner: payments$' "$estate/payments.yaml" &&
	"$srgap" validate -q "$estate" >"$scratch/out" 2>&1 && [ ! -s "$scratch/out" ]; then
	ok
else
	fail "init --into a new folder: $(cat "$scratch/err" "$scratch/out" 2>/dev/null)"
fi
# A second team: one more file, no second header; the folder still validates.
before=$(cat "$estate/organization.yaml")
if "$srgap" init --into "$estate" --team data --service gcp/gke-autopilot 2>"$scratch/err" &&
	[ "$(cat "$estate/organization.yaml")" = "$before" ] &&
	[ "$(ls "$estate" | wc -l)" = 3 ] &&
	"$srgap" validate "$estate" >"$scratch/out" 2>&1 && grep -q '(3 files, 3 environments' "$scratch/out"; then
	ok
else
	fail "init --into an existing folder: $(cat "$scratch/err" "$scratch/out")"
fi
# The team's file is never replaced without --force; with it, it is.
echo "# kept" >>"$estate/data.yaml"
if ! "$srgap" init --into "$estate" --team data --service gcp/gke-autopilot 2>"$scratch/err" &&
	grep -q -- --force "$scratch/err" && grep -q '# kept' "$estate/data.yaml" &&
	"$srgap" init --into "$estate" --team data --service gcp/gke-autopilot --force &&
	! grep -q '# kept' "$estate/data.yaml"; then
	ok
else
	fail "init --into over a team file"
fi
# An environment name another file already uses is refused before anything is written.
sed 's/name: payments-/name: ops-/' "$estate/payments.yaml" >"$estate/shared.yaml"
if ! "$srgap" init --into "$estate" --team ops --service aws/eks-fargate 2>"$scratch/err" &&
	grep -q "already exists in .*shared.yaml" "$scratch/err" && [ ! -f "$estate/ops.yaml" ]; then
	ok
else
	fail "init --into with a clashing name: $(cat "$scratch/err")"
fi
# A folder that does not load is not written into.
echo "organization: [" >"$scratch/broken.yaml"
mkdir "$scratch/broken" && mv "$scratch/broken.yaml" "$scratch/broken/"
if ! "$srgap" init --into "$scratch/broken" --team x 2>"$scratch/err" &&
	grep -q "fix it first" "$scratch/err" && [ ! -f "$scratch/broken/x.yaml" ]; then
	ok
else
	fail "init --into a broken folder"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
