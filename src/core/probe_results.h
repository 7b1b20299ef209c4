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

/* The results that bear on one control: a tally and the results themselves. */
struct control_probes {
	struct probe_tally tally;
	const struct probe_result **results;
	size_t count;
};

struct probe_results {
	struct arena arena; /* owns the results and every string in them */
	struct probe_result *items;
	size_t count;
	size_t capacity;
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
 * Groups results by catalog control: returns an array of catalog->control_count
 * entries allocated in the set's arena (valid while the set lives). Results
 * naming an unknown control are ignored here (the registry test guards that).
 */
struct control_probes *probe_results_by_control(struct probe_results *results,
						const struct catalog *catalog);

#endif
