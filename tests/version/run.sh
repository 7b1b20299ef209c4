#!/bin/sh
# srgap --version, and the generator every output names, against the tree
# srgap was built from:
#   run.sh SRGAP SOURCE_ROOT PROJECT_VERSION
# - from a git checkout: "srgap VERSION (DESCRIBE)", DESCRIBE being what
#   `git describe --always --dirty` says now (the build reran it);
# - from a tarball (no .git): "srgap VERSION" alone;
# - the JSON assessment's generator and the PDF's Creator are the same string.
set -u
srgap=$1
root=$2
version=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

got=$("$srgap" --version) || fail "srgap --version exits $?"
if [ -e "$root/.git" ] && command -v git >/dev/null; then
	want="srgap $version ($(git -C "$root" describe --always --dirty))"
else
	want="srgap $version"
fi
[ "$got" = "$want" ] || fail "srgap --version prints '$got', want '$want'"
[ "$("$srgap" version)" = "$got" ] || fail "srgap version and srgap --version differ"

"$srgap" assess "$root/examples/acme-retail.yaml" --format json -o "$work/acme.json" 2>/dev/null
generator=$(grep -m1 '"generator"' "$work/acme.json" | sed 's/.*"generator": *"\([^"]*\)".*/\1/')
[ "$generator" = "$got" ] || fail "the JSON's generator is '$generator', want '$got'"
if command -v pdfinfo >/dev/null; then
	"$srgap" report "$work/acme.json" -o "$work/acme.pdf" 2>/dev/null
	creator=$(pdfinfo "$work/acme.pdf" 2>/dev/null | sed -n 's/^Creator: *//p')
	[ "$creator" = "$got" ] || fail "the PDF's Creator is '$creator', want '$got'"
fi

[ $failures = 0 ] && echo "version: $got"
exit $((failures != 0))
