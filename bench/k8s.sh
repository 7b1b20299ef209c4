#!/bin/sh
# Kubernetes evidence benchmarks, in one run so the ratios compare like with
# like on a shared machine (docs/performance.md):
# 1. Issue 3 (section 6): `srgap probe` on a generated 40,000-pod
#    `kubectl get pods -A -o json` dump whose pods controllers own, side by
#    side with jq running the same checks (bench/k8s.jq) and a bare jansson
#    parse of the whole file (bench/jansson_parse.c).
# 2. Issue 10: the same number of pods that no controller owns
#    (gen_pods --bare: every pod its own workload, results grow with pods):
#    `srgap probe` as JSON and JSON Lines, `srgap assess` to JSON and to PDF
#    for one environment holding the dump, with their targets.
# Reports the best of 3 runs of each, as CPU time (user + system: what the
# program costs, steady on a busy machine) and elapsed time, the ratios, and
# peak memory against the file size.
# Run from the repository root after building:
#   meson setup build-release -Dbuildtype=release && ninja -C build-release
#   bench/k8s.sh build-release [PODS]
set -eu
build=${1:-build-release}
pods=${2:-40000}
out=${TMPDIR:-/tmp}/srgap-bench-k8s
mkdir -p "$out"
if ! command -v jq >/dev/null || ! [ -x /usr/bin/time ]; then
	apt-get install -y time jq >/dev/null
fi
command -v bc >/dev/null || apt-get install -y bc >/dev/null

file="$out/pods-$pods.json"
"$build/bench/gen_pods" "$pods" >"$file"
size=$(stat -c %s "$file")

measure() { # command... -> "elapsed cpu maxrss_kib" for one run
	/usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1 |
		awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}
best() { # three runs, keeps the one with the least CPU time
	b=""
	for _ in 1 2 3; do
		r=$(measure "$@")
		cpu=$(echo "$r" | cut -d' ' -f2)
		if [ -z "$b" ] || [ "$(echo "$cpu < $(echo "$b" | cut -d' ' -f2)" | bc)" = 1 ]; then
			b=$r
		fi
	done
	echo "$b"
}
field() { echo "$1" | cut -d' ' -f"$2"; }

s=$(best "$build/srgap" probe --evidence "$file" --format json -o /dev/null)
j=$(best jq -c -f bench/k8s.jq "$file")
p=$(best "$build/bench/jansson_parse" "$file")

results=$("$build/srgap" probe --evidence "$file" --format json | jq '.results | length')
checks=$(jq -c -f bench/k8s.jq "$file" | wc -l)
echo "file: $pods pods, $((size / 1048576)) MiB ($size bytes); $results srgap results, $checks jq results"
printf '%-16s %9s %9s %12s\n' "" "cpu s" "elapsed s" "peak RSS KiB"
printf '%-16s %9s %9s %12s\n' "srgap probe" "$(field "$s" 2)" "$(field "$s" 1)" "$(field "$s" 3)"
printf '%-16s %9s %9s %12s\n' "jq (same checks)" "$(field "$j" 2)" "$(field "$j" 1)" "$(field "$j" 3)"
printf '%-16s %9s %9s %12s\n' "jansson parse" "$(field "$p" 2)" "$(field "$p" 1)" "$(field "$p" 3)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "jq / srgap (cpu):       $(ratio "$(field "$j" 2)" "$(field "$s" 2)")x   (target >= 1.6)"
echo "srgap / jansson (cpu):  $(ratio "$(field "$s" 2)" "$(field "$p" 2)")x   (target <= 1.3)"
echo "srgap peak / file size: $(ratio "$(field "$s" 3)" "$((size / 1024))")    (target < 0.5)"

# --- 2. pods no controller owns
bare="$out/bare-$pods"
mkdir -p "$bare/evidence/cluster"
"$build/bench/gen_pods" "$pods" --bare >"$bare/evidence/cluster/pods.json"
bare_size=$(stat -c %s "$bare/evidence/cluster/pods.json")
cat >"$bare/inventory.yaml" <<YAML
srgap: 1
organization: Bare Pods Inc
assessment: { title: Cluster scale, date: 2026-11-15 }
environments:
  - { name: ci-cluster, provider: aws, service: eks-managed-nodes, registry: ecr, owner: platform, evidence: evidence/cluster }
YAML
srgap=$(cd "$build" && pwd)/srgap
cd "$bare"
bj=$(best "$srgap" probe --evidence evidence/cluster --format json -o /dev/null)
bl=$(best "$srgap" probe --evidence evidence/cluster --format jsonl -o /dev/null)
ba=$(best "$srgap" assess inventory.yaml --format json -o assessment.json)
bp=$(best "$srgap" assess inventory.yaml --format pdf -o report.pdf)
json_size=$(stat -c %s assessment.json)
pages=$(pdfinfo report.pdf 2>/dev/null | sed -n 's/^Pages: *//p')
bare_results=$("$srgap" probe --evidence evidence/cluster --format jsonl | wc -l)
cd - >/dev/null
echo
echo "file: $pods pods no controller owns, $((bare_size / 1048576)) MiB ($bare_size bytes);" \
	"$((bare_results - 1)) results"
printf '%-22s %9s %9s %12s\n' "" "cpu s" "elapsed s" "peak RSS KiB"
printf '%-22s %9s %9s %12s\n' "srgap probe json" "$(field "$bj" 2)" "$(field "$bj" 1)" "$(field "$bj" 3)"
printf '%-22s %9s %9s %12s\n' "srgap probe jsonl" "$(field "$bl" 2)" "$(field "$bl" 1)" "$(field "$bl" 3)"
printf '%-22s %9s %9s %12s\n' "srgap assess json" "$(field "$ba" 2)" "$(field "$ba" 1)" "$(field "$ba" 3)"
printf '%-22s %9s %9s %12s\n' "srgap assess pdf" "$(field "$bp" 2)" "$(field "$bp" 1)" "$(field "$bp" 3)"
kib=$((bare_size / 1024))
echo "probe json peak / file size:  $(ratio "$(field "$bj" 3)" "$kib")    (target < 0.5)"
echo "probe jsonl peak / file size: $(ratio "$(field "$bl" 3)" "$kib")    (target < 0.5)"
echo "assess json peak / file size: $(ratio "$(field "$ba" 3)" "$kib")    (target < 0.5)"
echo "assessment JSON: $json_size bytes  (target < 25 MB)"
echo "PDF: $pages pages in $(field "$bp" 1) s elapsed, $(field "$bp" 2) s CPU  (target < 80 pages, < 15 s)"
