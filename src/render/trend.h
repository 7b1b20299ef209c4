/*
 * Writing a trend (core/trend.h) as a terminal table, JSON ("trend/1"),
 * CSV (one row per assessment) or Markdown (docs/history.md).
 */
#ifndef SRGAP_RENDER_TREND_H
#define SRGAP_RENDER_TREND_H

#include <stdio.h>

struct strbuf;
struct trend;

enum trend_format {
	TREND_FORMAT_TABLE,
	TREND_FORMAT_JSON,
	TREND_FORMAT_CSV,
	TREND_FORMAT_MARKDOWN
};

/* What the trend was asked for, to say so in the output. */
struct trend_view {
	const char *history;	 /* the folder as given */
	const char *environment; /* NULL: the estate */
	const char *since;	 /* YYYY-MM-DD, or NULL */
};

/* Returns 0, or -1 on a write error. */
int render_trend(FILE *out, const struct trend *trend, const struct trend_view *view,
		 enum trend_format format);

/*
 * What got worse in the newest assessment, in one line ("coverage 42.5% →
 * 40.1%; open risk 512 → 530; 2 met controls no longer met: …"); empty when
 * nothing did.
 */
void render_trend_regression(struct strbuf *out, const struct trend *trend);

#endif
