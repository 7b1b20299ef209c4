#!/bin/sh
# Issue 4 benchmark: the PDF report of generated estates of 50 and 500
# environments (bench/gen_inventory). Times `srgap report` on the saved JSON
# (reading the JSON plus rendering) and `srgap assess --format pdf` end to
# end, best of three, with peak memory, pages and size. The bar: 50
# environments well under a second; 500 still work.
#
#   meson setup build-release -Dbuildtype=release && ninja -C build-release
#   bench/pdf.sh build-release [COUNT...]
set -eu
build=${1:-build-release}
[ $# -gt 0 ] && shift
counts=${*:-50 500}
out=${TMPDIR:-/tmp}/srgap-bench-pdf
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

for count in $counts; do
	"$build/bench/gen_inventory" "$count" >"$out/inv-$count.yaml"
	"$build/srgap" assess "$out/inv-$count.yaml" --format json -o "$out/$count.json" 2>/dev/null
	report=$(best "$build/srgap" report "$out/$count.json" --format pdf -o "$out/$count.pdf")
	assess=$(best sh -c "'$build/srgap' assess '$out/inv-$count.yaml' --format pdf \
		-o '$out/$count-assess.pdf' 2>/dev/null")
	pages=$(pdfinfo "$out/$count.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	size=$(stat -c %s "$out/$count.pdf")
	echo "$count environments: ${pages:-?} pages, $((size / 1024)) KiB"
	echo "  srgap report (JSON -> PDF):        ${report% *} s, peak ${report#* } KiB"
	echo "  srgap assess --format pdf (YAML):  ${assess% *} s, peak ${assess#* } KiB"
done
