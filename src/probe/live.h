/*
 * Live mode: instead of reading an evidence folder, run the cloud and
 * Kubernetes CLIs with the parameters an environment's `live:` block gives
 * (aws eks describe-cluster, az aks show, gcloud container clusters
 * describe, kubectl get ... -o json, ...) and hand what they print to the
 * same probes. Commands are argv arrays run without a shell, with a timeout
 * and an output cap. A missing CLI, missing credentials, a timeout or
 * output that is not JSON becomes an `error` result, never a crash.
 */
#ifndef SRGAP_PROBE_LIVE_H
#define SRGAP_PROBE_LIVE_H

#include <stddef.h>

struct diag_list;
struct environment;
struct probe_results;
struct probe_settings;

#define LIVE_DEFAULT_TIMEOUT 60 /* seconds per command */
#define LIVE_MAX_TIMEOUT     3600

/* Parses --timeout: whole seconds from 1 to LIVE_MAX_TIMEOUT. Returns 0, or -1. */
int live_parse_timeout(const char *text, unsigned *seconds);
#define LIVE_DEFAULT_OUTPUT_LIMIT ((size_t)256 * 1024 * 1024)

struct live_options {
	unsigned timeout_seconds; /* 0: LIVE_DEFAULT_TIMEOUT */
	size_t output_limit;	  /* 0: LIVE_DEFAULT_OUTPUT_LIMIT */
};

/* The most commands one environment can need. */
#define LIVE_MAX_COMMANDS 8
#define LIVE_MAX_ARGS	  16

struct live_command {
	const char
		*argv[LIVE_MAX_ARGS + 1]; /* NULL-terminated; strings borrowed from the inventory */
	const char *prefix;		  /* probe ids it feeds: "aws.eks." */
	const char *missing;		  /* a `live:` field it needs but lacks, or NULL */
	char region[48];		  /* a zone's region, for commands that take regions */
};

/*
 * The commands `environment` calls for, from its provider, services and
 * `live:` fields. A cloud command is planned when at least one of its
 * fields is set; if another one it needs is missing, `missing` names it and
 * the command is reported as an error instead of being run.
 */
size_t live_plan(const struct environment *environment,
		 struct live_command commands[LIVE_MAX_COMMANDS]);

/*
 * Runs the planned commands for `environment` (which must have `live:`)
 * and probes their output within one run, so checks that span documents
 * (namespaces and their network policies) see every output together.
 * Results go to `results`, file = the command line, pointer = into its
 * output. Returns 0, or -1 with a diagnostic if no private temporary
 * folder could be created.
 */
int live_probe_environment(const struct environment *environment,
			   const struct probe_settings *settings,
			   const struct live_options *options, struct probe_results *results,
			   struct diag_list *diags);

#endif
