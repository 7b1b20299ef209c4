/*
 * Reading a saved assessment (`srgap assess --format json`, "assessment/2"
 * or the older "assessment/1", docs/json-schema.md) back into plain C data,
 * for `srgap diff`. Only what a
 * comparison needs is kept; values stay text (status and responsibility
 * names), since this layer sits below the engine that defines them.
 */
#ifndef SRGAP_IO_ASSESSMENT_JSON_H
#define SRGAP_IO_ASSESSMENT_JSON_H

#include <stddef.h>

#include "util/arena.h"

struct diag_list;

/*
 * The largest count, risk or score a saved assessment may hold: far above
 * any estate, and small enough that sums over a whole file cannot overflow.
 */
#define ASSESSMENT_MAX_INTEGER	    1000000000000LL
#define ASSESSMENT_MAX_INTEGER_TEXT "1000000000000"

struct saved_summary {
	unsigned long cells;
	unsigned long customer_share;
	unsigned long risk;
	unsigned long open;	    /* gap + contradicted cells */
	unsigned coverage_permille; /* coverage_percent in tenths */
};

struct saved_cell {
	const char *control; /* "4.1.1a" */
	const char *title;
	const char *responsibility; /* "provider", "shared", "customer" */
	const char *status;	    /* "met", "gap", ... */
	const char *severity;
	unsigned long risk;
};

struct saved_environment {
	const char *name;
	const char *provider;
	const char *service;
	const char *registry; /* "PROVIDER/SERVICE" */
	const char *criticality;
	struct saved_summary summary;
	struct saved_cell *cells;
	size_t cell_count;
};

/* One service model's answer for one control, as recorded in the run. */
struct saved_answer {
	const char *control;
	const char *responsibility;
};

struct saved_service {
	const char *path; /* "aws/eks-fargate" */
	struct saved_answer *answers;
	size_t answer_count;
};

struct saved_assessment {
	struct arena arena; /* owns everything below */
	const char *path;
	const char *generator;
	const char *organization;
	const char *date;
	const char *catalog_version;
	struct saved_service *services;
	size_t service_count;
	struct saved_environment *environments;
	size_t environment_count;
	struct saved_summary summary;
};

/*
 * Loads `path`. Malformed JSON is reported as file:line:column, a missing or
 * mistyped field with its JSON path ("environments[2].cells[5].status").
 * Returns 0, or -1 with diagnostics; release the assessment either way.
 */
int assessment_json_load(struct saved_assessment *assessment, const char *path,
			 struct diag_list *diags);
void assessment_json_release(struct saved_assessment *assessment);

#endif
