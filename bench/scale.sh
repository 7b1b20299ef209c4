#!/bin/sh
# Issue 15 scale-out benchmark: a generated estate of 20,000 environments
# (bench/gen_inventory) assessed once to JSON, and in 10 shards merged back,
# side by side in one run. Targets: merge time and merge peak memory each no
# more than the single-run assess; the merged JSON equals the single run's.
# Run from the repository root after building:
#   meson setup build-release -Dbuildtype=release && ninja -C build-release
#   bench/scale.sh build-release [ENVIRONMENTS] [SHARDS]
set -eu
build=${1:-build-release}
environments=${2:-20000}
shards=${3:-10}
out=${TMPDIR:-/tmp}/srgap-bench-scale
rm -rf "$out"
mkdir -p "$out/parts"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
srgap=$build/srgap
"$build/bench/gen_inventory" "$environments" >"$out/inventory.yaml"

measure() { # LABEL command...: prints "elapsed cpu peak-KiB" and keeps it in $out/LABEL
	label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out/$label.time" "$@" >/dev/null 2>"$out/$label.err" ||
		{ cat "$out/$label.err"; exit 1; }
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out/$label.time"
}
best() { # LABEL command...: the run with the least CPU time of three
	label=$1
	shift
	b=""
	for _ in 1 2 3; do
		r=$(measure "$label" "$@")
		if [ -z "$b" ] || [ "$(echo "$(echo "$r" | cut -d' ' -f2) < $(echo "$b" | cut -d' ' -f2)" | bc)" = 1 ]; then b=$r; fi
	done
	echo "$b"
}

single=$(best single "$srgap" assess "$out/inventory.yaml" --format json --jobs 1 -o "$out/single.json")
k=1
shard_cpu=0
while [ "$k" -le "$shards" ]; do
	r=$(measure "shard-$k" "$srgap" assess "$out/inventory.yaml" --shard "$k/$shards" --jobs 1 -o "$out/parts/$k.json")
	shard_cpu=$(echo "$shard_cpu + $(echo "$r" | cut -d' ' -f2)" | bc)
	k=$((k + 1))
done
merge=$(best merge "$srgap" merge "$out"/parts/*.json -o "$out/merged.json")
cmp -s "$out/single.json" "$out/merged.json" || { echo "FAIL: the merged JSON differs from the single run's"; exit 1; }

field() { echo "$1" | cut -d' ' -f"$2"; }
size=$(stat -c %s "$out/single.json")
parts=$(du -cb "$out"/parts/*.json | tail -1 | cut -f1)
echo "estate: $environments environments, $shards shards; JSON $((size / 1048576)) MiB, parts $((parts / 1048576)) MiB together"
echo "single assess: $(field "$single" 1) s elapsed, $(field "$single" 2) s CPU, peak $(($(field "$single" 3) / 1024)) MiB"
echo "$shards shards:     $shard_cpu s CPU together"
echo "merge:         $(field "$merge" 1) s elapsed, $(field "$merge" 2) s CPU, peak $(($(field "$merge" 3) / 1024)) MiB"
echo "merge / single: time $(echo "scale=2; $(field "$merge" 2) / $(field "$single" 2)" | bc) (CPU), $(echo "scale=2; $(field "$merge" 1) / $(field "$single" 1)" | bc) (elapsed); peak memory $(echo "scale=2; $(field "$merge" 3) / $(field "$single" 3)" | bc)"
echo "merged JSON identical to the single run: yes"
