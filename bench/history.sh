#!/bin/sh
# Issue 16 benchmark: a year of daily assessments of a generated estate
# (bench/gen_inventory N DAY: 1,000 environments, claims implemented over
# time), each stored with `srgap assess --history`; then `srgap trend` over
# the first 100 and over all 365 (best of three, with peak memory), and the
# first trend after the index is deleted, which reads every file again.
# The bar: trend over 365 under 5 s, peak memory within 1.2x of 100 files'.
#
#   meson setup build-release -Dbuildtype=release && ninja -C build-release
#   bench/history.sh build-release [ENVIRONMENTS [DAYS]]
# The history (about 30 MB per assessment) stays in $TMPDIR/srgap-bench-history
# for the next run; delete it when done.
set -eu
build=${1:-build-release}
environments=${2:-1000}
days=${3:-365}
out=${TMPDIR:-/tmp}/srgap-bench-history
history=$out/history-$environments
first=$out/first-100-$environments
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 1; }

measure() { # command... -> "seconds peak-KiB"
	/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1
}
best() { # runs 3 times, keeps the fastest
	b=""
	for _ in 1 2 3; do
		r=$(measure "$@")
		if [ -z "$b" ] || [ "$(echo "${r% *} < ${b% *}" | bc)" = 1 ]; then b=$r; fi
	done
	echo "$b"
}

if [ "$(ls "$history" 2>/dev/null | grep -c '\.json$')" != "$days" ]; then
	rm -rf "$history"
	start=$(date +%s)
	day=0
	while [ $day -lt "$days" ]; do
		"$build/bench/gen_inventory" "$environments" $day >"$out/inventory.yaml"
		"$build/srgap" assess "$out/inventory.yaml" --history "$history" -o /dev/null \
			2>/dev/null
		day=$((day + 1))
	done
	echo "stored $days assessments of $environments environments in" \
		"$(($(date +%s) - start)) s: $(du -sm "$history" | cut -f1) MiB," \
		"index $(($(stat -c %s "$history/.srgap-index") / 1048576)) MiB"
fi
one=$(measure "$build/srgap" assess "$out/inventory.yaml" --history "$history" -o /dev/null)
bare=$(measure "$build/srgap" assess "$out/inventory.yaml" --format json -o "$out/bare.json")
echo "one more assess --history (same result: nothing stored): ${one% *} s, peak ${one#* } KiB;" \
	"assess --format json alone: ${bare% *} s"

rm -rf "$first" && mkdir "$first"
ls "$history" | grep '\.json$' | sort | head -100 | while read -r name; do
	ln "$history/$name" "$first/$name"
done
"$build/srgap" trend "$first" >/dev/null # its index, untimed

t100=$(best "$build/srgap" trend "$first")
t365=$(best "$build/srgap" trend "$history")
json=$(best "$build/srgap" trend "$history" --format json)
env=$(best "$build/srgap" trend "$history" --env env-000500)
echo "srgap trend, 100 assessments:  ${t100% *} s, peak ${t100#* } KiB"
echo "srgap trend, $days assessments:  ${t365% *} s, peak ${t365#* } KiB"
echo "  --format json:               ${json% *} s, peak ${json#* } KiB"
echo "  --env env-000500:            ${env% *} s, peak ${env#* } KiB"
echo "peak memory $days / 100 files: $(echo "scale=2; ${t365#* } / ${t100#* }" | bc)x"
rm "$history/.srgap-index"
rebuild=$(measure "$build/srgap" trend "$history")
echo "first trend without the index (reads every file): ${rebuild% *} s, peak ${rebuild#* } KiB"
