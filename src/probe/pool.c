/*
 * The environment pool behind --jobs: worker threads take environments in
 * order, probe each into its own slot of a ring of 2 × jobs slots, and the
 * consumer takes the slots back in order. A worker only starts an
 * environment whose slot the consumer has released, which bounds memory and
 * keeps the output independent of which environment finished first.
 * Environments with nothing to probe never reach a thread. It does not
 * print: progress goes to the caller's callback.
 */
#include "probe/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/inventory.h"
#include "core/models.h"
#include "core/vulns.h"
#include "probe/live.h"
#include "probe/probe.h"
#include "util/xalloc.h"

/* Where an environment's results go as they are found: its summaries and, maybe, a file. */
struct evidence_sink {
	struct environment_evidence *evidence;
	const struct probe_pool_options *options;
};

static void take_result(void *context, const struct probe_result *result)
{
	struct evidence_sink *sink = context;
	struct environment_evidence *evidence = sink->evidence;
	probe_summaries_add(&evidence->summaries, result);
	if (evidence->results_file && !evidence->write_failed &&
	    sink->options->write_result(sink->options->write_context, evidence->results_file,
					evidence->environment, result) < 0)
		evidence->write_failed = true;
}

void probe_environment(const struct environment *environment, const struct probe_settings *settings,
		       const struct probe_pool_options *options,
		       struct environment_evidence *evidence)
{
	memset(evidence, 0, sizeof(*evidence));
	evidence->environment = environment;
	probe_results_init(&evidence->results);
	probe_summaries_init(&evidence->summaries, &settings->models->catalog,
			     options->sample_size);
	diag_list_init(&evidence->diags);
	const struct live_options *live = options->live;
	bool run_live = live && environment->live;
	if (!environment->evidence_count && !run_live)
		return;
	evidence->probed = true;
	struct evidence_sink state = {.evidence = evidence, .options = options};
	const struct probe_sink sink = {.result = take_result, .context = &state};
	evidence->results.sink = &sink;
	if (options->write_result && !(evidence->results_file = tmpfile()))
		evidence->write_failed = true;
	struct probe_settings own = *settings;
	own.vulns_environment_weight =
		vulns_environment_weight(environment->criticality, environment->internet_facing);
	own.internet_facing = environment->internet_facing;
	if (settings->vulns) {
		evidence->vulns = vulns_estate_new();
		vulns_estate_set_origin(evidence->vulns, environment->index);
		own.vulns = evidence->vulns;
	}
	/* One run over all of the environment's folders, so coverage checks see them together. */
	struct probe_run *run = probe_run_new(&own, &evidence->results);
	for (size_t i = 0; i < environment->evidence_count; i++) {
		probe_run_declare_stage(run, environment->evidence[i].stage);
		probe_run_path_as(run, environment->evidence[i].path,
				  environment->evidence[i].written, &evidence->diags);
	}
	probe_run_free(run);
	if (run_live)
		live_probe_environment(environment, &own, live, &evidence->results,
				       &evidence->diags);
	evidence->results.sink = NULL;
	probe_summaries_finish(&evidence->summaries);
	if (evidence->results_file && (fflush(evidence->results_file) != 0 ||
				       fseek(evidence->results_file, 0, SEEK_SET) != 0))
		evidence->write_failed = true;
}

void environment_evidence_release(struct environment_evidence *evidence)
{
	probe_results_release(&evidence->results);
	probe_summaries_release(&evidence->summaries);
	if (evidence->results_file)
		fclose(evidence->results_file);
	evidence->results_file = NULL;
	evidence->write_failed = false;
	diag_list_release(&evidence->diags);
	vulns_estate_free(evidence->vulns);
	evidence->vulns = NULL;
	evidence->probed = false;
}

struct slot {
	struct environment_evidence evidence;
	size_t index;	 /* the environment it holds */
	bool running;	 /* a worker is probing it */
	bool ready;	 /* probed, not yet handed to the consumer */
	long long start; /* monotonic milliseconds, while running */
};

struct probe_pool {
	const struct environment *const *environments;
	size_t count;
	const struct probe_settings *settings;
	struct probe_pool_options options;
	bool *needs; /* by environment: anything to probe */
	struct slot *slots;
	size_t window;
	size_t next_start; /* the next environment a worker may take */
	size_t released;   /* environments before this have left their slots */
	size_t consumed;   /* environments before this have been handed out */
	bool holding;	   /* the consumer holds environment consumed - 1 */
	bool stopping;
	struct environment_evidence empty; /* handed out for environments with nothing to probe */
	pthread_mutex_t lock;
	pthread_cond_t ready; /* a slot became ready */
	pthread_cond_t space; /* a slot was released, or stopping */
	pthread_t *threads;
	size_t thread_count;
};

static long long now_ms(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void *work(void *data)
{
	struct probe_pool *pool = data;
	pthread_mutex_lock(&pool->lock);
	for (;;) {
		while (pool->next_start < pool->count && !pool->needs[pool->next_start])
			pool->next_start++;
		if (pool->stopping || pool->next_start >= pool->count)
			break;
		if (pool->next_start >= pool->released + pool->window) {
			pthread_cond_wait(&pool->space, &pool->lock);
			continue;
		}
		size_t index = pool->next_start++;
		struct slot *slot = &pool->slots[index % pool->window];
		slot->index = index;
		slot->running = true;
		slot->start = now_ms();
		pthread_mutex_unlock(&pool->lock);
		probe_environment(pool->environments[index], pool->settings, &pool->options,
				  &slot->evidence);
		pthread_mutex_lock(&pool->lock);
		slot->running = false;
		slot->ready = true;
		pthread_cond_broadcast(&pool->ready);
	}
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

unsigned probe_pool_default_jobs(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus < 1 ? 1 : cpus > PROBE_POOL_MAX_JOBS ? PROBE_POOL_MAX_JOBS : (unsigned)cpus;
}

int probe_pool_parse_jobs(const char *text, unsigned *jobs)
{
	char *end = NULL;
	long value = strtol(text, &end, 10);
	if (!*text || *end || value < 1 || value > PROBE_POOL_MAX_JOBS)
		return -1;
	*jobs = (unsigned)value;
	return 0;
}

struct probe_pool *probe_pool_start(const struct environment *const *environments, size_t count,
				    const struct probe_settings *settings,
				    const struct probe_pool_options *options)
{
	struct probe_pool *pool = xcalloc(1, sizeof(*pool));
	pool->environments = environments;
	pool->count = count;
	pool->settings = settings;
	pool->options = *options;
	unsigned jobs = options->jobs ? options->jobs : 1;
	pool->window = 2 * (size_t)jobs;
	pool->slots = xcalloc(pool->window, sizeof(*pool->slots));
	pool->needs = xcalloc(count + 1, sizeof(*pool->needs));
	size_t busy = 0;
	for (size_t i = 0; i < count; i++) {
		pool->needs[i] =
			environments[i]->evidence_count || (options->live && environments[i]->live);
		busy += pool->needs[i];
	}
	probe_results_init(&pool->empty.results);
	diag_list_init(&pool->empty.diags);
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->ready, NULL);
	pthread_cond_init(&pool->space, NULL);
	size_t threads = busy < jobs ? busy : jobs;
	pool->threads = xcalloc(threads + 1, sizeof(*pool->threads));
	for (size_t i = 0; i < threads; i++)
		if (pthread_create(&pool->threads[pool->thread_count], NULL, work, pool) == 0)
			pool->thread_count++;
	/* Not even one thread: the consumer probes each environment itself (see next). */
	return pool;
}

static void report_progress(struct probe_pool *pool, size_t done)
{
	if (!pool->options.progress)
		return;
	struct probe_pool_status status = {.done = done, .total = pool->count};
	long long now = now_ms(), oldest = 0;
	pthread_mutex_lock(&pool->lock);
	for (size_t i = 0; i < pool->window; i++) {
		const struct slot *slot = &pool->slots[i];
		if (slot->running && (!status.slowest || slot->start < oldest)) {
			oldest = slot->start;
			status.slowest = pool->environments[slot->index]->name;
		}
	}
	pthread_mutex_unlock(&pool->lock);
	if (status.slowest)
		status.slow_seconds = (unsigned)((now - oldest) / 1000);
	pool->options.progress(pool->options.progress_context, &status);
}

struct environment_evidence *probe_pool_next(struct probe_pool *pool)
{
	if (pool->holding) {
		size_t held = pool->consumed - 1;
		if (pool->needs[held])
			environment_evidence_release(&pool->slots[held % pool->window].evidence);
		pthread_mutex_lock(&pool->lock);
		pool->released = pool->consumed;
		pthread_cond_broadcast(&pool->space);
		pthread_mutex_unlock(&pool->lock);
		pool->holding = false;
	}
	if (pool->consumed >= pool->count)
		return NULL;
	size_t index = pool->consumed++;
	pool->holding = true;
	const struct environment *environment = pool->environments[index];
	if (!pool->needs[index]) {
		pool->empty.environment = environment;
		return &pool->empty;
	}
	struct slot *slot = &pool->slots[index % pool->window];
	if (!pool->thread_count) {
		probe_environment(environment, pool->settings, &pool->options, &slot->evidence);
		report_progress(pool, index);
		return &slot->evidence;
	}
	report_progress(pool, index);
	pthread_mutex_lock(&pool->lock);
	while (!(slot->ready && slot->index == index)) {
		if (!pool->options.progress) {
			pthread_cond_wait(&pool->ready, &pool->lock);
			continue;
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (pthread_cond_timedwait(&pool->ready, &pool->lock, &until) != 0) {
			pthread_mutex_unlock(&pool->lock);
			report_progress(pool, index);
			pthread_mutex_lock(&pool->lock);
		}
	}
	slot->ready = false;
	pthread_mutex_unlock(&pool->lock);
	return &slot->evidence;
}

void probe_pool_free(struct probe_pool *pool)
{
	if (!pool)
		return;
	pthread_mutex_lock(&pool->lock);
	pool->stopping = true;
	pthread_cond_broadcast(&pool->space);
	pthread_mutex_unlock(&pool->lock);
	for (size_t i = 0; i < pool->thread_count; i++)
		pthread_join(pool->threads[i], NULL);
	/* Whatever was probed and not handed out, or handed out and not yet released. */
	for (size_t i = 0; i < pool->window; i++)
		environment_evidence_release(&pool->slots[i].evidence);
	environment_evidence_release(&pool->empty);
	pthread_cond_destroy(&pool->space);
	pthread_cond_destroy(&pool->ready);
	pthread_mutex_destroy(&pool->lock);
	free(pool->threads);
	free(pool->needs);
	free(pool->slots);
	free(pool);
}
