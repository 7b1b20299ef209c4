#!/bin/sh
# Evidence at a cluster's scale (issue 10), on `kubectl get pods -A -o json`
# dumps of pods no controller owns, generated here by bench/gen_pods --bare
# (never committed): every pod is its own workload, so the results grow
# with the pods, and nothing else may.
#   - the PDF of 4,000 pods is as long as the one of 40 (its evidence
#     appendix shows counts and the sampled subjects only), under 80 pages;
#   - the assessment JSON of 4,000 pods is the size of the one of 2,000;
#   - --evidence-sample N keeps N subjects per probe and cell (0: counts);
#   - --evidence-out and srgap probe still list every result;
#   - peak memory of probe (json, jsonl) and assess (json, pdf) on 4,000
#     pods is that on 2,000: 2,000 more pods (about 30,000 more results)
#     may add less than a quarter of their input size. Skipped with
#     --no-memory (sanitizer builds, whose allocator keeps freed memory).
#   run.sh SRGAP GEN_PODS PEAK_MEMORY [--no-memory]
set -u
srgap=$1
generate=$2
peak=$3 # peak_memory.c: runs a command, prints its peak resident memory in KiB
measure_memory=true
[ "${4:-}" = --no-memory ] && measure_memory=false
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

cluster() { # pods -> $scratch/PODS/{inventory.yaml,evidence/cluster/pods.json}
	mkdir -p "$scratch/$1/evidence/cluster"
	"$generate" "$1" --bare >"$scratch/$1/evidence/cluster/pods.json"
	cat >"$scratch/$1/inventory.yaml" <<YAML
srgap: 1
organization: Bare Pods Inc
assessment: { title: Cluster scale, date: 2026-11-15 }
environments:
  - name: ci-cluster
    provider: aws
    service: eks-managed-nodes
    registry: ecr
    owner: platform
    evidence: evidence/cluster
YAML
}
pages_of() {
	pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'
}

for pods in 40 2000 4000; do
	cluster $pods
	(cd "$scratch/$pods" && "$srgap" assess inventory.yaml --format pdf -o report.pdf &&
		"$srgap" assess inventory.yaml --format json -o assessment.json \
			--evidence-out results.jsonl) 2>"$scratch/err" ||
		fail "$pods pods: assess failed: $(head -3 "$scratch/err")"
done

# --- the report summarizes
small=$(pages_of "$scratch/40/report.pdf")
large=$(pages_of "$scratch/4000/report.pdf")
[ -n "$small" ] && [ -n "$large" ] || fail "no page count"
[ "${large:-999}" -le $((${small:-0} + 2)) ] || fail "4,000 pods: $large pages, 40 pods: $small"
[ "${large:-999}" -lt 80 ] || fail "4,000 pods: $large pages, not under 80"
pdftotext "$scratch/4000/report.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' >"$scratch/text"
grep -qE 'and [0-9]+ more failing or erroring subjects' "$scratch/text" ||
	fail "4,000 pods: the evidence appendix does not say how many subjects it leaves out"
middle=$(stat -c %s "$scratch/2000/assessment.json")
json=$(stat -c %s "$scratch/4000/assessment.json")
[ "$json" -le $((middle + middle / 100)) ] ||
	fail "assessment JSON: $json bytes for 4,000 pods, $middle for 2,000"

# --- --evidence-sample: how many subjects a cell keeps per probe (5 by default)
largest_sample() { # assessment.json -> the most subjects any probe of any cell keeps
	grep -o '"sample": \[[^]]*\]' "$1" | awk -F'"result": ' '{ if (NF - 1 > most) most = NF - 1 }
		END { print most + 0 }'
}
[ "$(largest_sample "$scratch/4000/assessment.json")" -eq 5 ] ||
	fail "default sample: $(largest_sample "$scratch/4000/assessment.json") subjects, not 5"
for sample in 0 2; do
	(cd "$scratch/4000" && "$srgap" assess inventory.yaml --format json --evidence-sample $sample \
		-o sample-$sample.json 2>/dev/null) || fail "--evidence-sample $sample failed"
	[ "$(largest_sample "$scratch/4000/sample-$sample.json")" -eq $sample ] ||
		fail "--evidence-sample $sample keeps $(largest_sample "$scratch/4000/sample-$sample.json")"
done
grep -q '"fail": [1-9]' "$scratch/4000/sample-0.json" || fail "--evidence-sample 0 lost the counts"
(cd "$scratch/4000" && "$srgap" assess inventory.yaml --format json --evidence-sample -1 \
	-o bad.json 2>"$scratch/err")
rc=$?
[ "$rc" -eq 2 ] && grep -q 'evidence-sample' "$scratch/err" ||
	fail "--evidence-sample -1: exit $rc, $(cat "$scratch/err")"

# --- the full list is still there, once per result
"$srgap" probe --evidence "$scratch/4000/evidence/cluster" --format jsonl >"$scratch/probe.jsonl"
results=$(($(wc -l <"$scratch/probe.jsonl") - 1)) # the summary line
listed=$(wc -l <"$scratch/4000/results.jsonl")
[ "$results" -gt 40000 ] || fail "srgap probe: only $results results for 4,000 pods"
[ "$listed" -eq "$results" ] || fail "--evidence-out lists $listed results, srgap probe $results"
counted=$(tail -1 "$scratch/probe.jsonl" |
	sed -n 's/.*"totals":{"pass":\([0-9]*\),"fail":\([0-9]*\),"error":\([0-9]*\),"skip":\([0-9]*\)}.*/\1 + \2 + \3 + \4/p')
[ -n "$counted" ] && [ $(($counted)) -eq "$results" ] ||
	fail "srgap probe: the summary line counts ${counted:-nothing}, not $results results"

# --- memory does not grow with the results
if $measure_memory; then
	limit=$((($(stat -c %s "$scratch/4000/evidence/cluster/pods.json") - \
		$(stat -c %s "$scratch/2000/evidence/cluster/pods.json")) / 4096))
	check_flat() { # what command...
		what=$1
		shift
		(cd "$scratch/2000" && "$peak" "$srgap" "$@") >"$scratch/before" ||
			fail "$what: failed on 2,000 pods"
		(cd "$scratch/4000" && "$peak" "$srgap" "$@") >"$scratch/after" ||
			fail "$what: failed on 4,000 pods"
		growth=$(($(cat "$scratch/after") - $(cat "$scratch/before")))
		[ "$growth" -lt "$limit" ] ||
			fail "$what: peak memory grows by $growth KiB from 2,000 to 4,000 pods (limit $limit KiB)"
		echo "$what: $(cat "$scratch/before") KiB for 2,000 pods, $(cat "$scratch/after") KiB for 4,000"
	}
	check_flat "probe json" probe --evidence evidence/cluster --format json
	check_flat "probe jsonl" probe --evidence evidence/cluster --format jsonl
	check_flat "assess json" assess inventory.yaml --format json --evidence-out results.jsonl
	check_flat "assess pdf" assess inventory.yaml --format pdf -o report.pdf
fi

if [ "$failures" -gt 0 ]; then
	echo "$failures cluster-scale check(s) failed" >&2
	exit 1
fi
echo "cluster scale passed: 40 pods $small pages, 4,000 pods $large pages;" \
	"assessment JSON $json bytes; $results results listed"
