#!/bin/sh
# Issue 2 scale benchmark: assess generated estates of 1,000 and 10,000
# environments to JSON, side by side with a bare jansson baseline that
# serializes the same number of cells. Reports times, the 10x scaling ratio
# and peak memory. Run from the repository root after building:
#   meson setup build-release -Dbuildtype=release && ninja -C build-release
#   bench/assess.sh build-release
set -eu
build=${1:-build-release}
out=${TMPDIR:-/tmp}/srgap-bench-assess
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
"$build/bench/gen_inventory" 1000 >"$out/inv-1k.yaml"
"$build/bench/gen_inventory" 10000 >"$out/inv-10k.yaml"
controls=$("$build/srgap" models controls | grep -c '^  4\.')

seconds() { # command... -> prints elapsed seconds and max RSS in KiB
	/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1
}
best() { # runs 3 times, keeps the fastest
	b=""
	for _ in 1 2 3; do
		r=$(seconds "$@")
		t=${r% *}
		if [ -z "$b" ] || [ "$(echo "$t < ${b% *}" | bc)" = 1 ]; then b=$r; fi
	done
	echo "$b"
}
s1=$(best "$build/srgap" assess "$out/inv-1k.yaml" --format json -o "$out/1k.json")
s10=$(best "$build/srgap" assess "$out/inv-10k.yaml" --format json -o "$out/10k.json")
j10=$(best "$build/bench/jansson_cells" $((10000 * controls)))
size=$(stat -c %s "$out/10k.json")
t1=${s1% *}; t10=${s10% *}; tj=${j10% *}
echo "cells: 10,000 environments x $controls controls = $((10000 * controls)); JSON $((size / 1048576)) MiB"
echo "srgap assess  1,000 envs: ${t1} s (peak ${s1#* } KiB)"
echo "srgap assess 10,000 envs: ${t10} s (peak ${s10#* } KiB)"
echo "jansson alone, same cells: ${tj} s"
echo "scaling 10x environments: $(echo "scale=2; $t10 / $t1" | bc)x time"
echo "srgap / jansson-alone: $(echo "scale=2; $t10 / $tj" | bc)"
