#!/bin/sh
# Reports are written atomically: a broken saved assessment or logo leaves no
# file (and an existing file untouched), a successful run leaves exactly the
# report; `srgap report` of a saved assessment equals `srgap assess --format`
# of the same inventory; the output is byte-identical run to run.
#
#   output.sh SRGAP SOURCE_ROOT
set -u
srgap=$1
root=$2
inputs=$root/tests/golden/report-inputs
example=$root/examples/acme-retail.yaml
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# expect_refusal NAME EXPECTED_CODE ARGS...: exit 2, the code on stderr, no file in $dir/out
expect_refusal() {
	name=$1 code=$2
	shift 2
	rm -rf "$dir/out" && mkdir "$dir/out"
	"$srgap" "$@" 2>"$dir/stderr" >/dev/null
	status=$?
	[ $status = 2 ] || fail "$name: exit status $status, expected 2"
	grep -q "\[$code\]" "$dir/stderr" || fail "$name: no [$code] in: $(cat "$dir/stderr")"
	[ "$(wc -l <"$dir/stderr")" = 1 ] || fail "$name: more than one line: $(cat "$dir/stderr")"
	[ -z "$(ls -A "$dir/out")" ] || fail "$name: left files behind: $(ls -A "$dir/out")"
}

for format in md html pdf; do
	expect_refusal "truncated $format" report.json-syntax \
		report "$inputs/truncated.json" --format $format -o "$dir/out/report.$format"
	expect_refusal "wrong format $format" report.wrong-format \
		report "$inputs/wrong-format.json" --format $format -o "$dir/out/report.$format"
	expect_refusal "bad shape $format" report.json-shape \
		report "$inputs/bad-shape.json" --format $format -o "$dir/out/report.$format"
	expect_refusal "bad logo $format" report.logo \
		report "$inputs/bad-logo.json" --format $format -o "$dir/out/report.$format"
	expect_refusal "missing $format" report.unreadable \
		report "$inputs/no-such-file.json" --format $format -o "$dir/out/report.$format"
done

# A failed run does not touch an existing report.
echo "the previous report" >"$dir/keep.html"
"$srgap" report "$inputs/bad-logo.json" -o "$dir/keep.html" 2>/dev/null
[ "$(cat "$dir/keep.html")" = "the previous report" ] || fail "an existing report was overwritten"
[ "$(ls -A "$dir" | grep -c keep)" = 1 ] || fail "temporary files left beside keep.html"

# report(saved JSON) == assess --format, for every format; and twice the same bytes.
"$srgap" assess "$example" --format json -o "$dir/assessment.json" 2>/dev/null ||
	fail "assess --format json"
for format in md html pdf; do
	"$srgap" assess "$example" --format $format -o "$dir/assess.$format" 2>/dev/null ||
		fail "assess --format $format"
	"$srgap" report "$dir/assessment.json" --format $format -o "$dir/report.$format" ||
		fail "report --format $format"
	"$srgap" report "$dir/assessment.json" -o "$dir/again.$format" ||
		fail "report with the format from the extension ($format)"
	cmp -s "$dir/assess.$format" "$dir/report.$format" ||
		fail "report of the saved assessment differs from assess --format $format"
	cmp -s "$dir/report.$format" "$dir/again.$format" || fail "$format is not reproducible"
done
[ -z "$(ls -A "$dir" | grep '\.tmp\|~')" ] || fail "temporary files left: $(ls -A "$dir")"

# The HTML is one self-contained file: no scripts, no external resources.
if grep -qiE '<script|<link|src="https?:|url\(' "$dir/report.html"; then
	fail "the HTML fetches or runs something"
fi

# A PDF never goes to a terminal, and --paper is checked.
"$srgap" report "$dir/assessment.json" --format pdf --paper legal -o "$dir/x.pdf" 2>/dev/null
[ $? = 2 ] || fail "--paper legal accepted"
if command -v script >/dev/null 2>&1; then
	script -qec "$srgap report $dir/assessment.json --format pdf" /dev/null >"$dir/tty" 2>&1
	grep -q "write it to a file with -o" "$dir/tty" || fail "a PDF was written to a terminal"
fi

if [ $failed = 0 ]; then echo "report output: all checks passed"; fi
[ $failed = 0 ]
