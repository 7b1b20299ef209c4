/*
 * What probes found, as neutral data: one result per probe per subject
 * (a cluster, a repository, a container, a host setting), with the evidence
 * location. The probe layer fills a probe_results; the engine and renderers
 * only read it. Results live in the set's arena.
 */
#ifndef SRGAP_CORE_PROBE_RESULTS_H
#define SRGAP_CORE_PROBE_RESULTS_H

#include <stddef.h>

#include "util/arena.h"

struct catalog;

/*
 * pass and fail are verdicts. error: the evidence could not be judged (a
 * field missing, a scan still running). skip: the tool that produced the
 * evidence marked the check manual, informational or not applicable
 * (kube-bench WARN, docker-bench NOTE/INFO, a Lynis skipped test): counted
 * and shown, but it never moves a cell and is no error.
 */
enum probe_outcome { PROBE_PASS, PROBE_FAIL, PROBE_ERROR, PROBE_SKIP };
#define PROBE_OUTCOME_COUNT 4
/* "pass", "fail", "error", "skip" */
extern const char *const probe_outcome_names[PROBE_OUTCOME_COUNT];

struct probe_result {
	const char *probe;	     /* probe id, e.g. "aws.eks.endpoint-public" */
	const char *title;	     /* the probe's title */
	const char *const *controls; /* NULL-terminated control ids it verifies */
	enum probe_outcome outcome;
	const char *subject; /* what was inspected: "cluster prod-eks" */
	const char *detail;  /* one line */
	const char *file;    /* evidence file, or NULL (live/host) */
	const char *pointer; /* RFC 6901 JSON pointer into the file, or NULL */
};

/* Outcomes for one control in one environment. */
struct probe_tally {
	unsigned pass;
	unsigned fail;
	unsigned error;
	unsigned skip;
};

/*
 * Where results go as they are found, instead of being kept: `result` sees
 * each one once, in the order found; the result and its strings are only
 * valid during the call. This is how a 40,000-pod dump's results reach the
 * output without all of them ever being in memory.
 */
struct probe_sink {
	void (*result)(void *context, const struct probe_result *result);
	void *context;
};

struct probe_results {
	struct arena arena; /* owns the kept results and every string in them */
	/* Kept results: only when there is no sink. */
	struct probe_result *items;
	size_t count;
	size_t capacity;
	/* Set: results go to the sink and are not kept (count stays 0). */
	const struct probe_sink *sink;
	/* Every result by outcome, kept or passed to the sink. */
	unsigned long outcomes[PROBE_OUTCOME_COUNT];
	/* Files that no probe family recognized (arena strings), in discovery order. */
	const char **unrecognized;
	size_t unrecognized_count;
	size_t unrecognized_capacity;
	size_t files_read;
	/* Checks of recognized tool reports that models/tool-mappings.yaml maps to no control. */
	size_t unmapped_checks;
};

void probe_results_init(struct probe_results *results);
void probe_results_release(struct probe_results *results);
/* Copies the strings into the set's arena. `controls` must outlive the set (static data). */
void probe_results_add(struct probe_results *results, const char *probe, const char *title,
		       const char *const *controls, enum probe_outcome outcome, const char *subject,
		       const char *detail, const char *file, const char *pointer);
void probe_results_add_unrecognized(struct probe_results *results, const char *file);
/* Sorts results by file, pointer, probe id and subject, so output never depends on I/O order. */
void probe_results_sort(struct probe_results *results);

/*
 * What an assessment keeps of the results: per control, one summary per
 * probe with its counts and a bounded sample of failing (then erroring)
 * subjects. Memory depends on the number of controls and probes and on the
 * sample size, never on the number of results.
 */

/* One result kept as an example: its outcome, subject, detail and location (arena strings). */
struct probe_sample {
	enum probe_outcome outcome;
	const char *subject;
	const char *detail;
	const char *file;
	const char *pointer;
};

/* One probe's results for one control. */
struct probe_summary {
	const char *probe; /* probe id */
	const char *title;
	unsigned long outcomes[PROBE_OUTCOME_COUNT];
	/*
	 * The first failing results in the order found, then the first
	 * erroring ones, at most the set's sample size in all (after
	 * probe_summaries_finish).
	 */
	struct probe_sample *samples;
	size_t sample_count;
	size_t errors_held; /* while collecting: erroring samples held apart */
};

/* The results that bear on one control: a tally and one summary per probe, by probe id. */
struct control_probes {
	struct probe_tally tally;
	struct probe_summary *probes;
	size_t count;
	size_t capacity;
};

#define PROBE_SAMPLE_DEFAULT 5
#define PROBE_SAMPLE_MAX     1000

struct probe_summaries {
	struct arena arena; /* the samples and their strings */
	const struct catalog *catalog;
	size_t sample_size;
	struct control_probes *controls; /* catalog->control_count entries */
	/*
	 * Each probe's results counted once over the whole set, whatever
	 * controls they bear on, by probe id (no samples).
	 */
	struct probe_summary *totals;
	size_t total_count;
	size_t total_capacity;
};

void probe_summaries_init(struct probe_summaries *summaries, const struct catalog *catalog,
			  size_t sample_size);
void probe_summaries_release(struct probe_summaries *summaries);
/*
 * Counts one result against each control it names and keeps it as a sample
 * while its probe has room. Results naming an unknown control are ignored
 * here (the registry test guards that).
 */
void probe_summaries_add(struct probe_summaries *summaries, const struct probe_result *result);
/* The sink that feeds probe_summaries_add. */
void probe_summaries_sink(struct probe_summaries *summaries, struct probe_sink *sink);
/*
 * Puts each control's probes and the totals in id order and the erroring
 * samples after the failing ones; call once every result is in. Returns
 * the controls, in catalog order, for engine_assess_environment.
 */
const struct control_probes *probe_summaries_finish(struct probe_summaries *summaries);

#endif
