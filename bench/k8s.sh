#!/bin/sh
# Issue 3 (section 6) benchmark: `srgap probe` on a generated 40,000-pod
# `kubectl get pods -A -o json` dump, side by side in one run with jq running
# the same checks (bench/k8s.jq) and a bare jansson parse of the whole file
# (bench/jansson_parse.c). Reports the best of 3 runs of each, as CPU time
# (user + system: what the program costs, steady on a busy machine) and
# elapsed time, the ratios, and peak memory against the file size.
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
