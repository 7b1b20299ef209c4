/*
 * Trends over a history of assessments (io/history.h), for `srgap trend`
 * and the reports' Progress section: one row per assessment in date order,
 * for the estate or for one environment, with the gaps opened and closed
 * since the assessment before it (decided by core/diff.c, as `srgap diff`
 * decides them); the environments whose open risk rose or fell most over
 * the series; and whether the newest assessment is worse than the one
 * before it.
 *
 * Assessments are read one at a time, two at most in memory, so a long
 * history costs time, not memory: what is kept per assessment is one row.
 */
#ifndef SRGAP_CORE_TREND_H
#define SRGAP_CORE_TREND_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/engine.h"
#include "io/assessment_json.h"

struct diag_list;
struct history;

struct trend_row {
	char *file; /* the history file, or the path of options->current */
	char date[11];
	size_t environments;	      /* in the assessment */
	bool present;		      /* with an environment: it is in this assessment */
	struct saved_summary summary; /* the estate's, or the environment's */
	unsigned long status[STATUS_COUNT];
	bool compared; /* an assessment came before it: the gap counts mean something */
	size_t gaps_opened;
	size_t gaps_closed;
};

/* An environment's open risk at the first and the last assessment it is in. */
struct trend_mover {
	char *environment;
	char first_date[11];
	char last_date[11];
	unsigned long first_risk;
	unsigned long last_risk;
};

/* A control `met` in the assessment before the newest and not in the newest. */
struct trend_lost {
	char *environment;
	char *control;
	enum cell_status status; /* what it is now */
};

/* The newest assessment against the one before it; see trend_regressed. */
struct trend_regression {
	bool coverage_down;
	bool risk_up;
	struct saved_summary before;
	struct saved_summary after;
	struct trend_lost *lost;
	size_t lost_count;
};

/* One environment's coverage and open risk over the rows, for charts. */
struct trend_point {
	bool present;
	unsigned coverage_permille;
	unsigned long risk;
};

struct trend_series {
	char *environment;
	struct trend_point *points; /* one per row */
	unsigned long risk_low, risk_high;
};

struct trend_options {
	const char *environment; /* NULL: the estate */
	long since;		 /* first day of the window; LONG_MIN: from the start */
	size_t movers;		 /* how many risers and fallers to name */
	/* Only the first `limit` readable files of the history count (SIZE_MAX: all). */
	size_t limit;
	/*
	 * An assessment that is not in the history, taken as the newest
	 * (`srgap report FILE --history DIR`); NULL: none.
	 */
	const struct saved_assessment *current;
	bool series; /* fill trend->series: every environment's points (reports) */
};

#define TREND_OPTIONS_INIT                                                                         \
	{                                                                                          \
		.since = LONG_MIN, .movers = 5, .limit = SIZE_MAX                                  \
	}

struct trend {
	struct trend_row *rows; /* oldest first */
	size_t row_count;
	bool environment_found;	    /* with options->environment: in at least one assessment */
	char *suggestion;	    /* when not found: the closest name that is, or NULL */
	struct trend_mover *rising; /* largest rise first */
	size_t rising_count;
	struct trend_mover *falling; /* largest fall first */
	size_t falling_count;
	struct trend_regression regression; /* valid when the last row is compared */
	struct trend_series *series;	    /* options->series: in order of first appearance */
	size_t series_count;
	size_t skipped; /* assessments in the history that were skipped with a warning */
};

/*
 * Reads the history's readable files in order (history_read) and builds the
 * trend. An assessment with a status word this srgap does not know is
 * skipped with a warning [history.skipped]. Returns 0, or -1 with a
 * diagnostic when the history cannot be read; release the trend either way.
 */
int trend_build(struct trend *trend, struct history *history, const struct trend_options *options,
		struct diag_list *diags);
void trend_release(struct trend *trend);

/* The newest assessment is worse than the one before it: coverage down, risk up or a met control
 * lost. */
bool trend_regressed(const struct trend *trend);

#endif
