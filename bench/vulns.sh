#!/bin/sh
# Issue 5 benchmark: `srgap vulns` over COUNT generated Trivy reports
# (default 500 reports, about 500 MB) side by side with `jq empty` merely
# parsing the same files, in one run on a warm page cache. Also runs srgap
# with the fast path off (SRGAP_JSON_PRUNE=0: jansson alone) and on the
# largest report alone, so the memory bound can be read off. Each command
# runs three times, interleaved, and the fastest run counts.
#
#   apt-get install jq time     # the baseline and GNU time (peak RSS)
#   meson setup build-release -Dbuildtype=release && ninja -C build-release
#   bench/vulns.sh build-release [COUNT TOTAL_MB]
#
# Reports go to $TMPDIR/srgap-bench-vulns (generated once per COUNT/TOTAL_MB).
set -eu
build=${1:-build-release}
count=${2:-500}
total_mb=${3:-500}
out=${TMPDIR:-/tmp}/srgap-bench-vulns
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)"; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }
[ -x "$build/srgap" ] && [ -x "$build/bench/gen_trivy" ] ||
	{ echo "build first: meson setup $build -Dbuildtype=release && ninja -C $build"; exit 1; }

mkdir -p "$out"
if [ ! -f "$out/generated-$count-$total_mb" ]; then
	rm -rf "$out/reports" "$out"/generated-*
	"$build/bench/gen_trivy" "$out/reports" "$count" "$total_mb"
	touch "$out/generated-$count-$total_mb"
fi
files=$(find "$out/reports" -name '*.json' | sort)
largest=$(ls -S "$out"/reports/*.json | head -1)
total_bytes=$(cat $files | wc -c)
largest_bytes=$(wc -c <"$largest")
cat $files >/dev/null # the page cache is warm for every contender

run() { # label command... -> appends "label wall cpu rss_kib" to $out/runs
	label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || {
		echo "failed: $*"
		cat "$out/stderr"
		exit 1
	}
	awk -v label="$label" '{ printf "%s %s %.2f %s\n", label, $1, $2 + $3, $4 }' \
		"$out/time" >>"$out/runs"
}
: >"$out/runs"
for _ in 1 2 3; do
	# shellcheck disable=SC2086
	run jq jq empty $files
	run srgap "$build/srgap" vulns "$out/reports"
	run jansson env SRGAP_JSON_PRUNE=0 "$build/srgap" vulns "$out/reports"
	run largest "$build/srgap" vulns "$largest"
done

best() { # label -> "wall cpu rss" of the fastest run
	awk -v label="$1" '$1 == label && (best == "" || $2 < best) { best = $2; line = $2 " " $3 " " $4 }
		END { print line }' "$out/runs"
}
jq_run=$(best jq)
srgap_run=$(best srgap)
jansson_run=$(best jansson)
largest_run=$(best largest)

awk -v count="$count" -v total="$total_bytes" -v largest="$largest_bytes" \
	-v jq="$jq_run" -v srgap="$srgap_run" -v jansson="$jansson_run" -v one="$largest_run" '
function field(s, i,   a) { split(s, a, " "); return a[i] }
function row(label, s) {
	printf "  %-34s %7.2f %8.2f %9.1f\n", label, field(s, 1), field(s, 2), field(s, 3) / 1024
}
BEGIN {
	mb = 1048576
	printf "reports: %d Trivy files, %.1f MiB in total, largest %.1f MiB\n\n", count, total / mb, largest / mb
	printf "  %-34s %7s %8s %9s\n", "", "wall s", "cpu s", "peak MiB"
	row("jq empty (parse only)", jq)
	row("srgap vulns", srgap)
	row("srgap vulns, jansson alone", jansson)
	row("srgap vulns, largest report alone", one)
	ratio = field(srgap, 1) / field(jq, 1)
	printf "\nsrgap / jq: %.2f wall, %.2f cpu; jansson alone / jq: %.2f wall, %.2f cpu\n", ratio,
		field(srgap, 2) / field(jq, 2), field(jansson, 1) / field(jq, 1), field(jansson, 2) / field(jq, 2)
	printf "peak memory: %.1f MiB for all %d reports, %.1f MiB for the largest alone (%.1f MiB);\n",
		field(srgap, 3) / 1024, count, field(one, 3) / 1024, largest / mb
	printf "  that is %.1fx the largest report and %.3fx the total\n",
		field(srgap, 3) * 1024 / largest, field(srgap, 3) * 1024 / total
	printf "target, faster than jq parsing: %s\n", ratio < 1 ? "met" : "NOT met"
	printf "target, memory bounded by the largest report (all reports within 4x the largest alone): %s\n",
		field(srgap, 3) <= 4 * field(one, 3) ? "met" : "NOT met"
}'
