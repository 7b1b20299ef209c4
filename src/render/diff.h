/*
 * Writing a `struct diff` (core/diff.h) as a terminal table, Markdown (for a
 * pull request or a wiki page) or JSON ("diff/1", docs/workshop.md).
 */
#ifndef SRGAP_RENDER_DIFF_H
#define SRGAP_RENDER_DIFF_H

#include <stdio.h>

struct diff;

enum diff_format { DIFF_FORMAT_TABLE, DIFF_FORMAT_JSON, DIFF_FORMAT_MARKDOWN };

/* Returns 0, or -1 on a write error. */
int render_diff(FILE *out, const struct diff *diff, enum diff_format format);

#endif
