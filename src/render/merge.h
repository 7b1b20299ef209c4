/*
 * `srgap merge`: the parts of a sharded assessment (`srgap assess --shard
 * K/N --format json`) into one assessment with the bytes a single run over
 * the whole inventory writes. Environments are streamed from the parts in
 * inventory order and copied as written; only what the estate-wide summary,
 * roadmap, exception list and vulnerability fix plan need is kept, never
 * the cells. docs/scale-out.md describes the part format and the checks.
 */
#ifndef SRGAP_RENDER_MERGE_H
#define SRGAP_RENDER_MERGE_H

#include <stdio.h>

#include "core/engine.h"

struct diag_list;
struct inventory;
struct models;

struct merge_options {
	const char *const *parts; /* paths, in any order */
	size_t part_count;
	const struct models *models; /* must be the data the parts were assessed with */
	/* --inventory: every environment of it exactly once, and the parts made from it. */
	const struct inventory *inventory;
};

enum merge_result {
	MERGE_OK,
	MERGE_INPUT_ERROR,  /* a part is unreadable, malformed or does not fit: see diags */
	MERGE_OUTPUT_ERROR, /* writing `out` failed */
};

/* Writes the merged assessment to `out`; `total` gets the estate's summary. */
enum merge_result render_merge(const struct merge_options *options, FILE *out,
			       struct summary *total, struct diag_list *diags);

#endif
