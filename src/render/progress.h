/*
 * The reports' Progress section (`srgap report FILE --history DIR`, `srgap
 * assess --history DIR --format pdf|html|md`): where this assessment stands
 * in its history. One model, read by document.c (Markdown, HTML) and pdf.c
 * alike: coverage and open risk over time for the estate and for the
 * environments with the most open risk now (core/trend.c), and what changed
 * since the assessment before this one (core/diff.c, as `srgap diff` says).
 */
#ifndef SRGAP_RENDER_PROGRESS_H
#define SRGAP_RENDER_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diff.h"
#include "core/trend.h"
#include "io/assessment_json.h"

struct diag_list;

/* Small multiples: the environments with the most open risk in this assessment. */
#define PROGRESS_ENVIRONMENTS 12
/* Rows of the changes table: the changes for the worse first. */
#define PROGRESS_CHANGES 25

/* One quantity over the assessments. */
struct progress_line {
	double *values; /* one per assessment; 0 where not present */
	bool *present;
	double high;	     /* the top of the axis, a round number; the bottom is 0 */
	double first, last;  /* the first and the last present value */
	bool has_first_last; /* present at least once */
};

struct progress_series {
	const char *name;	       /* the environment; NULL: the estate */
	struct progress_line coverage; /* percent of the customer's share */
	struct progress_line risk;     /* open risk */
};

struct report_progress {
	size_t count;	   /* assessments, oldest first; this one is the last */
	char (*dates)[11]; /* YYYY-MM-DD of each */
	long *days;	   /* days since 1970-01-01 of each */
	struct progress_series estate;
	struct progress_series *environments; /* most open risk now first */
	size_t environment_count;
	size_t environments_total; /* in this assessment */
	size_t skipped;		   /* files of the history that were skipped with a warning */
	/* Against the assessment before this one, when there is one. */
	bool compared;
	const char *previous_date;
	struct diff diff;
	const struct diff_cell **changes; /* worse first, then better, then the rest */
	size_t change_count;		  /* at most PROGRESS_CHANGES of diff.cell_count */
	/* Owned. */
	struct saved_assessment previous, current;
	struct trend trend;
};

/*
 * Reads the history in `history_dir` up to the assessment saved at
 * `assessment_path` (the same file in the history, or an assessment beside
 * it: then the history's assessments of its date or before) and builds the
 * section. Files of the history that cannot be read are warnings
 * [history.skipped]. Returns 0, or -1 with a diagnostic (the history or the
 * assessment cannot be read); release the progress either way.
 */
int report_progress_build(struct report_progress *progress, const char *history_dir,
			  const char *assessment_path, struct diag_list *diags);
void report_progress_release(struct report_progress *progress);

/*
 * The section's sentences, worded from the templates (progress.*) the same
 * way in every format; each appends to `out`.
 */
struct strbuf;
struct report_templates;
/* progress.intro: how many assessments, from when to when (and how many were skipped). */
void report_progress_intro(struct strbuf *out, const struct report_progress *progress,
			   const struct report_templates *templates);
/* progress.change: a line's first and last value; coverage with one decimal. */
void report_progress_line_summary(struct strbuf *out, const struct progress_line *line,
				  bool percent, const struct report_templates *templates);
/* progress.changes_intro, or progress.changes_none when nothing changed. */
void report_progress_changes_intro(struct strbuf *out, const struct report_progress *progress,
				   const struct report_templates *templates);
/* progress.changes_more when the table leaves changes out; else nothing. */
void report_progress_changes_more(struct strbuf *out, const struct report_progress *progress,
				  const struct report_templates *templates);
/* The words for a change's direction: progress.worse, better or same. */
const char *report_progress_direction(const struct diff_cell *change,
				      const struct report_templates *templates);

#endif
