/*
 * Probing many environments at once (`--jobs N`): their evidence folders
 * and, in live mode, the CLIs their `live:` blocks call, with at most N
 * environments in progress. Results come back strictly in the order the
 * environments were given, whatever finished first, so the assessment built
 * from them is the same for every N. Only a bounded window of environments
 * runs ahead of the consumer, so memory does not grow with the estate.
 *
 * Each environment is probed with its own settings copy, results, warnings
 * and (when the settings collect a vulnerability estate) its own estate,
 * stamped with the environment's place in the inventory: the consumer merges
 * it into the estate-wide one (vulns_estate_merge), which then equals what a
 * single run in inventory order would have built.
 */
#ifndef SRGAP_PROBE_POOL_H
#define SRGAP_PROBE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/probe_results.h"
#include "util/diag.h"

struct environment;
struct live_options;
struct probe_settings;
struct vulns_estate;

/*
 * What probing one environment found; owned by the pool. The results
 * themselves are not kept: they are summarized per control and probe as
 * they are found and, when the pool writes results, written to a temporary
 * file, so memory does not grow with the number of results.
 */
struct environment_evidence {
	const struct environment *environment;
	bool probed;			  /* it had evidence folders or (live) a live: block */
	struct probe_results results;	  /* outcome counts, files read, unrecognized files */
	struct probe_summaries summaries; /* per control and probe: counts and samples */
	FILE *results_file;	    /* every result, as write_result wrote it (rewound), or NULL */
	bool write_failed;	    /* write_result or the temporary file failed */
	struct diag_list diags;	    /* unreadable or malformed evidence */
	struct vulns_estate *vulns; /* its scanner reports and workloads, or NULL */
};

struct probe_pool_options;

/*
 * Probes one environment: its evidence folders in one run (so coverage
 * checks see them together) and, when `options->live` is not NULL and it
 * has a `live:` block, the CLIs. `settings->vulns` only says whether to
 * collect a vulnerability estate; the environment gets its own;
 * `settings->models` must be set (the catalog the summaries are kept by).
 * Initializes `evidence`; release it with environment_evidence_release.
 */
void probe_environment(const struct environment *environment, const struct probe_settings *settings,
		       const struct probe_pool_options *options,
		       struct environment_evidence *evidence);
void environment_evidence_release(struct environment_evidence *evidence);

/* Called about once a second while the consumer waits: for progress on a terminal. */
struct probe_pool_status {
	size_t done;	       /* environments handed to the consumer so far */
	size_t total;	       /* environments in the run */
	const char *slowest;   /* the name of the environment in progress the longest, or NULL */
	unsigned slow_seconds; /* ... and for how long */
};
typedef void probe_pool_progress_fn(void *context, const struct probe_pool_status *status);

/*
 * Writes one result of `environment` to `out` (--evidence-out); called in
 * the thread that probes it. Returns 0, or -1 when writing failed.
 */
typedef int probe_pool_write_fn(void *context, FILE *out, const struct environment *environment,
				const struct probe_result *result);

struct probe_pool_options {
	unsigned jobs;			  /* at most this many environments at once (0: 1) */
	const struct live_options *live;  /* live mode, or NULL */
	size_t sample_size;		  /* samples kept per control and probe */
	probe_pool_progress_fn *progress; /* or NULL */
	void *progress_context;
	/*
	 * Or NULL. Set: each environment's results are written to a temporary
	 * file (environment_evidence.results_file) for the consumer to copy out
	 * in inventory order.
	 */
	probe_pool_write_fn *write_result;
	void *write_context;
};

struct probe_pool;

/*
 * Starts probing `environments[0 .. count)` (borrowed, like `settings`, for
 * the pool's lifetime). Threads are only started for environments with
 * something to probe.
 */
struct probe_pool *probe_pool_start(const struct environment *const *environments, size_t count,
				    const struct probe_settings *settings,
				    const struct probe_pool_options *options);
/*
 * The next environment's evidence, in the order given, waiting for it if
 * needed; valid until the next call. NULL after the last one.
 */
struct environment_evidence *probe_pool_next(struct probe_pool *pool);
/* Stops (waiting for environments in progress) and frees; NULL is fine. */
void probe_pool_free(struct probe_pool *pool);

/* The default --jobs: the number of CPUs online (at least 1). */
unsigned probe_pool_default_jobs(void);
/* Parses --jobs: a whole number from 1 to PROBE_POOL_MAX_JOBS. Returns 0, or -1. */
int probe_pool_parse_jobs(const char *text, unsigned *jobs);
#define PROBE_POOL_MAX_JOBS 256

#endif
