#!/bin/sh
# Writes the corpora's current-* seeds again with the srgap given, from
# tiny.yaml beside this script: a whole assessment for the `assessment`
# harness and a one-shard part for `merge`. Run it when the assessment or
# part format changes (the fuzz-seed-current-* tests say so).
#   tests/fuzz/seeds/make.sh build/srgap
set -eu
srgap=$1
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../corpus
SOURCE_DATE_EPOCH=1795000000 "$srgap" assess "$here/tiny.yaml" --format json \
	-o "$corpus/assessment/current-assessment.json"
SOURCE_DATE_EPOCH=1795000000 "$srgap" assess "$here/tiny.yaml" --shard 1/1 --format json \
	-o "$corpus/merge/current-part.json"
# The generator without the commit, so the seeds do not change with every commit.
sed -i 's/"srgap \([0-9.]*\) ([^)]*)"/"srgap \1"/' "$corpus/assessment/current-assessment.json" \
	"$corpus/merge/current-part.json"
