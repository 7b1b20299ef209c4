#!/bin/sh
# The PDF report, checked through what a reader gets (qpdf, poppler-utils):
#   run.sh SRGAP TESTS_PDF_DIR TEMPLATES_YAML [FAIL_LIBHARU_SO]
# - the file is a valid PDF (qpdf --check) and every font is embedded;
# - the extracted text holds the organization, every environment, every
#   roadmap action title and every section heading, and no template key;
# - pages: the executive summary is one page, the footer's "of M" is the page
#   count, no page is empty; Letter paper when asked;
# - the same assessment gives the same bytes, from `assess` and from `report`;
# - a missing font or an unusable logo fails with a diagnostic and no file;
# - libharu's limits: strings far past 65,535 bytes (info, bookmarks, a run
#   of zero-width characters on one line) render; the page tree has levels;
#   libharu failing anyway is exit status 3 naming what was being drawn;
# - a 50-environment estate keeps a one-page summary and renders in time.
set -u
srgap=$1
here=$2
templates=$3
fail_libharu=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# Text in content-stream order (pages end in a form feed) into PDF.raw, and
# as one line into PDF.txt: a title wrapped in a table cell reads as one
# phrase again.
extract() { # pdf
	# poppler complains about a broken ToUnicode map (libharu's own) on stderr.
	pdftotext -raw "$1" "$1.raw" 2>"$1.err"
	[ ! -s "$1.err" ] || fail "$1: pdftotext complains: $(sort -u "$1.err" | head -3)"
	tr '\n\f' '  ' <"$1.raw" | tr -s ' ' >"$1.txt"
}
pages_of() {
	pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'
}
contains() { # haystack-file needle what
	grep -qF -- "$2" "$1" || fail "$3 '$2' not in the extracted text"
}
# The `title:` of a top-level section of the templates file.
heading() {
	awk -v section="$1:" '$0 == section { inside = 1; next }
		/^[^ #]/ { inside = 0 }
		inside && /^  title: / { sub(/^  title: /, ""); gsub(/^"|"$/, ""); print; exit }' \
		"$templates"
}

fonts_embedded() { # pdf label
	pdffonts "$1" 2>/dev/null | awk 'NR == 1 { column = index($0, "emb") }
		NR > 2 { fonts++; if (substr($0, column, 3) != "yes") bad++ }
		END { exit fonts < 2 || bad > 0 }' || fail "$2: a font is not embedded"
}

check_pdf() { # pdf label
	qpdf --check "$1" >/dev/null 2>&1 || fail "$2: qpdf --check fails"
	extract "$1"
	pages=$(pages_of "$1")
	# Pages split at form feeds: each page's line count and first line.
	awk -v pages="$pages" -v summary="$(heading summary)" \
		-v heatmap="$(heading heatmap)" -v label="$2" '
		BEGIN { page = 1 }
		{
			n = split($0, parts, "\f")
			for (i = 1; i <= n; i++) {
				if (i > 1) page++
				if (parts[i] == "") continue
				lines[page]++
				if (lines[page] == 1) first[page] = parts[i]
				if (page == 2 && match(parts[i], /page 2 of [0-9]+/))
					footer = substr(parts[i], RSTART + 10, RLENGTH - 10)
			}
		}
		END {
			bad = 0
			if (footer != pages) { print label ": footer says of " footer ", the file has " pages " pages"; bad = 1 }
			for (p = 1; p <= pages; p++)
				if (lines[p] < 3) { print label ": page " p " is empty"; bad = 1 }
			if (first[2] != summary) { print label ": page 2 does not start the executive summary"; bad = 1 }
			if (first[3] != heatmap) { print label ": the executive summary does not fit on page 2"; bad = 1 }
			exit bad
		}' "$1.raw" >"$work/pages.err" || fail "$(cat "$work/pages.err")"
}

cd "$here" || exit 1

# --- the Unicode estate, through report and through assess
"$srgap" assess unicode.yaml --format json -o "$work/u.json" 2>/dev/null
"$srgap" report "$work/u.json" --format pdf -o "$work/u.pdf" || fail "srgap report failed"
"$srgap" assess unicode.yaml --format pdf -o "$work/assess.pdf" 2>/dev/null ||
	fail "srgap assess --format pdf failed"
"$srgap" report "$work/u.json" -o "$work/again.pdf"
cmp -s "$work/u.pdf" "$work/again.pdf" || fail "two renders of one assessment differ"
cmp -s "$work/u.pdf" "$work/assess.pdf" || fail "assess --format pdf differs from report"
check_pdf "$work/u.pdf" unicode
fonts_embedded "$work/u.pdf" unicode
contains "$work/u.pdf.txt" "$(sed -n 's/^organization: //p' unicode.yaml)" organization
sed -n 's/^  - name: //p' unicode.yaml >"$work/names"
[ "$(grep -c . "$work/names")" -eq 4 ] || fail "unicode.yaml should name 4 environments"
while IFS= read -r name; do contains "$work/u.pdf.txt" "$name" environment; done <"$work/names"
# Roadmap actions are written one per line: {"id": "A01", "title": "...", ...
sed -n 's/^ *{"id": "A[0-9]*", "title": "\(\([^"\\]\|\\.\)*\)".*/\1/p' "$work/u.json" |
	sed 's/\\"/"/g; s/\\\\/\\/g' >"$work/titles"
[ "$(grep -c . "$work/titles")" -ge 10 ] || fail "expected a roadmap of at least 10 actions"
while IFS= read -r title; do contains "$work/u.pdf.txt" "$title" "action"; done <"$work/titles"
for section in summary heatmap roadmap matrix evidence exceptions methodology; do
	contains "$work/u.pdf.txt" "$(heading $section)" "heading of $section"
done
if grep -oE '(^| )(pdf|cover|summary|heatmap|roadmap|matrix|evidence|exceptions|methodology|status|area)\.[a-z_0-9.]+( |$)' \
	"$work/u.pdf.txt" >"$work/keys"; then
	fail "template keys in the text: $(tr '\n' ' ' <"$work/keys")"
fi
pdfinfo "$work/u.pdf" 2>/dev/null | grep -q '^Author: *Zoë Ångström$' || fail "author not set"
pdfinfo "$work/u.pdf" 2>/dev/null | grep -q '^CreationDate: .*2026' ||
	fail "creation date is not the assessment date"
pdfinfo "$work/u.pdf" 2>/dev/null | grep -q 'Page size: *595.276 x 841.89' || fail "not A4"
[ "$(qpdf --show-npages "$work/u.pdf")" -gt 8 ] || fail "too few pages"
qpdf --json "$work/u.pdf" 2>/dev/null | grep -q '"title": "Gap matrix' || fail "no bookmarks"

# --- Letter paper
"$srgap" report "$work/u.json" --paper letter -o "$work/letter.pdf"
pdfinfo "$work/letter.pdf" 2>/dev/null | grep -q 'Page size: *612 x 792' || fail "not Letter"
check_pdf "$work/letter.pdf" letter

# --- errors leave no file behind
SRGAP_FONT=/nonexistent/font.ttf "$srgap" report "$work/u.json" -o "$work/nofont.pdf" \
	2>"$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "missing font: exit $rc, expected 2"
grep -q 'report.font-missing' "$work/err" || fail "missing font: no diagnostic"
[ ! -e "$work/nofont.pdf" ] || fail "missing font: a file was written"
with_logo() { # logo json
	sed "s|\"logo\": null|\"logo\": \"$1\"|" "$work/u.json" >"$2"
}
with_logo no-such-logo.png "$work/nologo.json"
"$srgap" report "$work/nologo.json" -o "$work/nologo.pdf" 2>"$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "missing logo: exit $rc, expected 2"
grep -q 'report.logo' "$work/err" || fail "missing logo: no diagnostic"
[ ! -e "$work/nologo.pdf" ] || fail "missing logo: a file was written"
# A logo beside the assessment file, by a relative path.
cp ../unit/fixtures/pdf/logo.png "$work/logo.png"
with_logo logo.png "$work/logo.json"
"$srgap" report "$work/logo.json" -o "$work/logo.pdf" || fail "logo: failed"
[ "$(pdfimages -list "$work/logo.pdf" 2>/dev/null | grep -c ' image ')" -eq 1 ] ||
	fail "logo: the cover has no image"

# --- libharu's limits. Strings it takes whole (document info, bookmarks) and
# lines of text are cut or wrapped below its 65,535 bytes, whatever the
# inventory says: 70,000-character names and a run of zero-width spaces.
python3 - "$work/long.yaml" <<'EOF'
import sys
long, invisible = "L" * 70000, "\u200b" * 70000
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(f"""srgap: 1
organization: "Org {long}"
assessment: {{ title: "Title {long}", date: 2026-11-15, assessor: "{long}" }}
environments:
  - {{ name: "env-{long}", provider: aws, service: eks-managed-nodes, registry: ecr, owner: "o{invisible}x" }}
  - {{ name: "zero{invisible}width", provider: gcp, service: gke-standard, registry: artifact-registry, owner: o }}
""")
EOF
"$srgap" assess "$work/long.yaml" --format pdf -o "$work/long.pdf" 2>"$work/err" ||
	fail "long strings: exit $?: $(cat "$work/err")"
qpdf --check "$work/long.pdf" >/dev/null 2>&1 || fail "long strings: qpdf --check fails"
pdfinfo "$work/long.pdf" 2>/dev/null | grep -q '^Subject: *Title LLLL.*…$' ||
	fail "long strings: the subject is not cut with an ellipsis"
# Pages hang in a tree of page nodes, not all under one node of at most
# 32,767 kids (a 40,000-page document then renders; libharu's own limit).
[ "$(qpdf --qdf --object-streams=disable "$work/u.pdf" - 2>/dev/null | grep -ac '/Type /Pages')" -ge 2 ] ||
	fail "the page tree has a single level"
# libharu failing while drawing (made to, on page 3: the heat map) is not
# the user's fault: exit status 3, a message naming the part, no file.
if [ -n "$fail_libharu" ]; then
	LD_PRELOAD=$fail_libharu SRGAP_FAIL_PAGE=3 ASAN_OPTIONS=verify_asan_link_order=0 \
		"$srgap" report "$work/u.json" -o "$work/failed.pdf" 2>"$work/err"
	rc=$?
	[ "$rc" -eq 3 ] || fail "libharu failure: exit $rc, expected 3"
	grep -q 'cannot draw the heat map (on page 3): libharu error 0x1070' "$work/err" ||
		fail "libharu failure: message '$(cat "$work/err")'"
	[ ! -e "$work/failed.pdf" ] || fail "libharu failure: a file was written"
fi

# --- 50 environments: one-page summary (grouped chart), every name present, in time
{
	printf 'srgap: 1\norganization: Fifty Estates\nassessment: { title: Scale, date: 2026-11-15 }\n'
	printf 'environments:\n'
	i=0
	for service in aws:eks-managed-nodes:ecr azure:aks:acr gcp:gke-standard:artifact-registry \
		aws:ecs-fargate:ecr self-managed:kubernetes:registry; do
		set -- $(echo "$service" | tr ':' ' ')
		n=0
		while [ $n -lt 10 ]; do
			printf '  - { name: env-%02d, provider: %s, service: %s, registry: %s, owner: team-%d }\n' \
				$i "$1" "$2" "$3" $((i % 7))
			i=$((i + 1))
			n=$((n + 1))
		done
	done
} >"$work/fifty.yaml"
"$srgap" assess "$work/fifty.yaml" --format json -o "$work/fifty.json" 2>/dev/null
# Its speed is measured in bench/pdf.sh, not here: a shared, loaded machine
# makes any time limit in a test flaky.
"$srgap" report "$work/fifty.json" -o "$work/fifty.pdf" || fail "50 environments: failed"
check_pdf "$work/fifty.pdf" fifty
i=0
while [ $i -lt 50 ]; do
	contains "$work/fifty.pdf.txt" "$(printf 'env-%02d' $i)" environment
	i=$((i + 1))
done
# Its roadmap has more than ten actions per phase: the body shows the ten that
# remove the most risk and one row for the rest, and the appendix lists them;
# every action is in the PDF by its title.
rest_title=$(sed -n 's/^    rest_title: //p' "$templates")
sed -n 's/^ *{"id": "A[0-9]*", "title": "\(\([^"\\]\|\\.\)*\)".*"phase": \([0-9]\).*/\3 \1/p' \
	"$work/fifty.json" >"$work/fifty.actions"
for phase in 1 2 3; do
	count=$(grep -c "^$phase " "$work/fifty.actions")
	[ "$count" -gt 10 ] || fail "fifty: phase $phase has only $count actions, the test needs more than 10"
	contains "$work/fifty.pdf.txt" "… and $((count - 10)) more actions in this phase" \
		"phase $phase's remaining actions"
done
contains "$work/fifty.pdf.txt" "$rest_title" "appendix heading"
cut -d' ' -f2- "$work/fifty.actions" | sed 's/\\"/"/g; s/\\\\/\\/g' >"$work/fifty.titles"
while IFS= read -r title; do contains "$work/fifty.pdf.txt" "$title" action; done <"$work/fifty.titles"
# A roadmap of at most ten actions per phase has no appendix.
python3 - "$work/u.json" "$work/short.json" <<'EOF'
import json, sys
assessment = json.load(open(sys.argv[1]))
kept, per_phase = [], {}
for action in assessment["roadmap"]:
    per_phase[action["phase"]] = per_phase.get(action["phase"], 0) + 1
    if per_phase[action["phase"]] <= 10:
        kept.append(action)
ids = {action["id"] for action in kept}
for action in kept:
    action["depends_on"] = [d for d in action["depends_on"] if d in ids]
assessment["roadmap"] = kept
json.dump(assessment, open(sys.argv[2], "w"))
EOF
"$srgap" report "$work/short.json" -o "$work/short.pdf" || fail "short roadmap: failed"
check_pdf "$work/short.pdf" short
grep -qF "$rest_title" "$work/short.pdf.txt" && fail "short roadmap: an appendix for a roadmap that fits"
grep -qF "more actions in this phase" "$work/short.pdf.txt" && fail "short roadmap: actions left out"

# --- models reviewed more than 180 days before the assessment: assess warns
# and the methodology page says so for every model the estate uses.
sed 's/^  date: .*/  date: 2031-01-15/' unicode.yaml >"$work/late.yaml"
grep -q '2031-01-15' "$work/late.yaml" || fail "late: the date was not replaced"
"$srgap" assess "$work/late.yaml" --format pdf -o "$work/late.pdf" 2>"$work/late.err" ||
	fail "late: assess failed"
grep -q '\[model\.stale\]' "$work/late.err" || fail "late: no model.stale warning"
extract "$work/late.pdf"
for provider in $(sed -n 's/^ *provider: //p' "$work/late.yaml" | sort -u); do
	contains "$work/late.pdf.txt" "($provider) was last reviewed on" "stale note for $provider"
done
grep -qF "was last reviewed on" "$work/u.pdf.txt" && fail "a current model is called stale"

# --- a service model its provider closed: the methodology's service table
# says so and names the suggested successor.
"$srgap" assess ../golden/assess-service-closed/inventory.yaml --format pdf \
	-o "$work/closed.pdf" 2>/dev/null || fail "closed: assess failed"
extract "$work/closed.pdf"
contains "$work/closed.pdf.txt" "closed to new customers since 2026-04-30; the provider suggests aws/ecs-fargate" \
	"closed service note"

if [ "$failures" -gt 0 ]; then
	echo "$failures PDF check(s) failed" >&2
	exit 1
fi
echo "PDF checks passed (unicode: $(pages_of "$work/u.pdf") pages, 50 environments:" \
	"$(pages_of "$work/fifty.pdf") pages)"
