#!/bin/sh
# The history of assessments end to end (docs/history.md): `srgap assess
# --history` stores each run once under its date and content hash, --keep
# prunes, damaged files are skipped with a warning and never deleted, the
# index is rebuilt when missing or damaged, `srgap trend` prints the same
# series in every format, and reports gain a Progress section over it.
#
#   run.sh SRGAP SOURCE_ROOT     (UPDATE=1 rewrites tests/history/expected/)
set -u
srgap=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
expected=$root/tests/history/expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# compare NAME FILE: FILE equals expected/NAME (UPDATE=1 rewrites it).
compare() {
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$2" "$expected/$1"
	elif ! cmp -s "$expected/$1" "$2"; then
		fail "$1 differs"
		diff -u "$expected/$1" "$2" | head -30
	fi
}

cp -r "$root/examples" "$work/examples"
cd "$work" || exit 1
q1=examples/acme-retail.yaml
q2=examples/acme-retail-q2.yaml
# A quarter later checkout-prod's evidence is gone: its met controls are only claimed.
sed -e 's/date: 2027-02-15/date: 2027-05-15/' -e '/evidence: evidence\/checkout-prod/d' \
	"$q2" >examples/q3.yaml
q3=examples/q3.yaml

# ---- storing: one file per distinct run, named after its date and content
"$srgap" assess "$q1" --history history -o /dev/null 2>/dev/null || fail "assess --history"
stored=$(ls history)
echo "$stored" | grep -qE '^2026-11-15-[0-9a-f]{16}\.json$' || fail "stored as '$stored'"
"$srgap" assess "$q1" --format json -o q1.json 2>/dev/null
cmp -s q1.json "history/$stored" || fail "the stored file is not the --format json output"
"$srgap" assess "$q1" --history history --format pdf -o q1.pdf 2>/dev/null ||
	fail "assess --history --format pdf"
[ "$(ls history)" = "$stored" ] || fail "a re-run with the same result stored another file"
sed 's/title: Container platform shared-responsibility review$/title: Re-run/' "$q1" \
	>examples/q1-again.yaml
"$srgap" assess examples/q1-again.yaml --history history -o /dev/null 2>/dev/null
[ "$(ls history | grep -c '^2026-11-15-')" = 2 ] || fail "a different run of the same day overwrote"
rm "history/$(ls history | grep '^2026-11-15-' | grep -v "$stored")"
"$srgap" assess "$q2" --history history -o /dev/null 2>/dev/null
"$srgap" assess "$q3" --history history --format csv -o q3.csv 2>/dev/null
[ "$(ls history | wc -l)" = 3 ] || fail "expected 3 assessments, found: $(ls history)"
[ -z "$(ls -A history | grep -v '\.json$' | grep -v '^\.srgap-index$')" ] ||
	fail "left behind: $(ls -A history)"

# ---- trend, over fixed assessments so that only trend's own changes move the
# expected output: q1 and q2 of `srgap diff`'s tests, and q2 three months on with
# every met control only claimed.
fixed=$root/tests/golden/diff-inputs
mkdir series
cp "$fixed/q1.json" "$fixed/q2.json" series/
sed -e 's/"date": "2027-02-15"/"date": "2027-05-15"/' -e 's/"status": "met"/"status": "claimed"/' \
	"$fixed/q2.json" >series/q3.json
# Damaged files: warned about, skipped, never deleted.
head -c 2000 "$fixed/q2.json" >series/2027-03-01-truncated.json
printf '{"srgap": "assessment/9", "environments": []}\n' >series/future.json
printf '[1, 2, 3]\n' >series/notes.json
: >series/empty.json

for format in table json csv md; do
	"$srgap" trend series --format $format >out 2>err
	echo "rc $?" >>out
	compare trend.$format out
	compare trend.stderr err
done
"$srgap" trend series --env checkout-prod >out 2>/dev/null
compare trend-env.table out
"$srgap" trend series --env checkout-prod --format json >out 2>/dev/null
compare trend-env.json out
"$srgap" trend series --since 2027-01-01 --format csv >out 2>/dev/null
compare trend-since.csv out
"$srgap" trend series --env checkout-prd >out 2>err
[ $? = 2 ] || fail "--env with an unknown name: not exit status 2"
grep -q "did you mean 'checkout-prod'" err || fail "no did-you-mean: $(cat err)"
[ "$(ls series | wc -l)" = 7 ] || fail "trend changed the files: $(ls series)"

# ---- --fail-on-regression: the newest lost its met controls
"$srgap" trend series --fail-on-regression >/dev/null 2>err
[ $? = 1 ] || fail "--fail-on-regression: not exit status 1"
grep 'srgap trend: regression from 2027-02-15 to 2027-05-15: ' err >regression
grep -q '3 met controls no longer met: checkout-prod 4.1.1b (claimed), ' regression ||
	fail "regression not named: $(cat err)"
mkdir improving
cp "$fixed/q1.json" "$fixed/q2.json" improving/
"$srgap" trend improving --env store-edge --fail-on-regression >/dev/null 2>err ||
	fail "--fail-on-regression when store-edge improved: $(cat err)"

# ---- the reports' Progress section: the assessment among the ones before it
"$srgap" report series/q3.json --history series -o progress.md 2>/dev/null ||
	fail "report --history --format md"
sed -n '/^## Progress$/,/^## /p' progress.md | sed '$d' >progress-section.md
compare report-progress.md progress-section.md
"$srgap" report series/q3.json -o plain.md 2>/dev/null
grep -q '^## Progress$' plain.md && fail "a Progress section without --history"
"$srgap" report series/q2.json --history series -o q2.md 2>/dev/null
grep -q '^2 assessments in the history, from 2026-11-15 to 2027-02-15; this one is the last' q2.md ||
	fail "the report of an older assessment of the history: $(grep -A2 '^## Progress' q2.md)"
cp series/q3.json elsewhere.json
"$srgap" report elsewhere.json --history series -o elsewhere.md 2>/dev/null
grep -q '^3 assessments in the history, from 2026-11-15 to 2027-05-15' elsewhere.md ||
	fail "an assessment outside the history counted twice or not at all"
"$srgap" report series/q3.json --history series -o progress.html 2>/dev/null ||
	fail "report --history --format html"
[ "$(grep -o '<svg class="chart' progress.html | wc -l)" = 16 ] ||
	fail "expected 2 estate charts and 2 for each of 7 environments in the HTML"
grep -q '<svg class="chart chart-risk small"[^>]*aria-label="checkout-prod: Open risk: 1705 → 1670"' \
	progress.html || fail "the small multiples have no accessible name"
"$srgap" report series/q3.json --history series -o progress.pdf 2>/dev/null ||
	fail "report --history --format pdf"
qpdf --check progress.pdf >/dev/null 2>&1 || fail "the PDF with a Progress section is not valid"
pdftotext -raw progress.pdf - 2>/dev/null | tr '\n\f' '  ' | tr -s ' ' >progress.txt
for text in "Progress" "Per environment" "Since the previous assessment" "pricing-jobs" \
	"Audit log of orchestrator API activity" "6420 → 6752"; do
	grep -qF "$text" progress.txt || fail "the PDF's Progress section lacks '$text'"
done
grep -qE '(^| )(pdf\.)?progress\.[a-z_]+' progress.txt && fail "template keys in the PDF"
"$srgap" report series/q3.json --history series --format oscal-ar >/dev/null 2>err
[ $? = 2 ] || fail "report --history --format oscal-ar accepted"
"$srgap" report series/q3.json --history no-such-folder -o x.md >/dev/null 2>err
[ $? = 2 ] && grep -q '\[history.unreadable\]' err && [ ! -e x.md ] ||
	fail "report --history of a missing folder: $(cat err)"
# assess --history with a report format: the run just stored is the last one
before=$(ls history | wc -l)
"$srgap" assess "$q3" --history history --format md -o assess.md 2>/dev/null ||
	fail "assess --history --format md"
grep -q '^3 assessments in the history, from 2026-11-15 to 2027-05-15; this one is the last' \
	assess.md || fail "assess --history --format md: $(grep -A2 '^## Progress' assess.md)"
[ "$(ls history | wc -l)" = "$before" ] || fail "a re-run with the same result stored another file"

# ---- the index: rebuilt when missing, damaged or stale; the output stays the same
"$srgap" trend series --format json >reference 2>/dev/null
rm series/.srgap-index
"$srgap" trend series --format json >out 2>/dev/null
cmp -s reference out || fail "different output after deleting the index"
[ -f series/.srgap-index ] || fail "the index was not rebuilt"
sed 's/"environments":\[\[/"environments":[7,[/' series/.srgap-index >index && mv index series/.srgap-index
"$srgap" trend series --format json >out 2>/dev/null
cmp -s reference out || fail "different output with damaged index lines"
printf 'garbage\n' >series/.srgap-index
"$srgap" trend series --format json >out 2>/dev/null
cmp -s reference out || fail "different output with a garbage index"
touch -d '2027-06-01 12:00' series/future.json
"$srgap" trend series --format json >out 2>/dev/null
cmp -s reference out || fail "different output after a file changed"

# ---- --keep: the newest N readable assessments stay, damaged files too
mkdir kept
cp series/notes.json kept/
for inventory in "$q1" "$q2" "$q3"; do
	"$srgap" assess "$inventory" --history kept --keep 2 -o /dev/null 2>err ||
		fail "assess --keep 2: $(cat err)"
done
grep -q 'kept/notes.json: warning: skipped: not an srgap assessment' err ||
	fail "--keep does not name the damaged file: $(cat err)"
[ "$(ls kept | tr '\n' ' ')" = "$(ls history | grep -E '^2027-(02|05)-15-' | tr '\n' ' ')notes.json " ] ||
	fail "--keep 2 left: $(ls kept | tr '\n' ' ')"

# ---- refusals
"$srgap" trend no-such-folder >/dev/null 2>err
[ $? = 2 ] && grep -q '\[history.unreadable\]' err || fail "a missing folder: $(cat err)"
"$srgap" assess "$q1" --keep 2 >/dev/null 2>err
[ $? = 2 ] || fail "--keep without --history accepted"
"$srgap" assess "$q1" --history history --keep 0 >/dev/null 2>err
[ $? = 2 ] || fail "--keep 0 accepted"
"$srgap" assess "$q1" --history q1.json/history -o refused.json >/dev/null 2>err
[ $? = 3 ] && grep -q '\[history.unwritable\]' err || fail "an unwritable folder: $(cat err)"
[ ! -e refused.json ] || fail "the output was written although the history could not be"

if [ $failed -gt 0 ]; then
	echo "$failed history checks failed"
	exit 1
fi
echo "history: all checks passed"
