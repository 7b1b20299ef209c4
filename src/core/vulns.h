/*
 * What to fix first: the findings of many scanner reports, de-duplicated by
 * (vulnerability id, package, installed version) across images, grouped
 * into fix actions ("upgrade package P from V to W", "rebuild on a newer
 * base image") and ranked. docs/vulnerabilities.md is the specification of
 * every rule and number here; tests/unit/test_vulns.c checks them.
 *
 * Use: vulns_estate_new, then vulns_add_report for each report (which can be
 * freed right after) and vulns_add_workload for each running workload, then
 * vulns_plan_build. Memory grows with the distinct findings and images, not
 * with the size of the reports.
 */
#ifndef SRGAP_CORE_VULNS_H
#define SRGAP_CORE_VULNS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/inventory.h"
#include "io/scanner_report.h"
#include "util/arena.h"

/*
 * Compares package versions the way dpkg does, which also suits apk, RPM and
 * semver-like strings well enough: an optional numeric epoch ("1:"), then the
 * upstream version and the revision (after the last '-') each compared in
 * alternating runs of non-digits (letters before other characters, '~'
 * before everything, even the end) and digits (numerically). A leading 'v'
 * before a digit is ignored, and a '-' or '_' that introduces a pre-release
 * word (alpha, beta, pre, rc, dev, preview) sorts like '~', so 1.2-rc1 and
 * 1.2_rc1 come before 1.2. Returns <0, 0 or >0.
 */
int vulns_version_compare(const char *a, const char *b);

/* criticality factor (low 1 .. critical 4) × exposure (internet-facing 3, else 2). */
unsigned vulns_environment_weight(enum criticality criticality, bool internet_facing);
/* A report with no environment counts as medium and not internet-facing. */
#define VULNS_DEFAULT_ENVIRONMENT_WEIGHT 4

/* A base is "shared" by at least this many images ... */
#define VULNS_REBUILD_MIN_IMAGES 2
/* ... and worth a rebuild when more than this percentage of their fixable findings are in OS
 * packages. */
#define VULNS_REBUILD_OS_SHARE 50

struct vulns_estate;

struct vulns_estate *vulns_estate_new(void);
void vulns_estate_free(struct vulns_estate *estate);

/*
 * Adds a report's findings; everything kept is copied, so the report can be
 * released right after. `environment_weight` comes from
 * vulns_environment_weight (0 means the default); an image seen in several
 * environments takes the largest.
 */
void vulns_add_report(struct vulns_estate *estate, const struct scan_report *report,
		      unsigned environment_weight);

/*
 * One running workload (a Deployment, DaemonSet, task ...) that runs
 * `image_ref` as a pod spec or task definition names it ("nginx:1.25",
 * "registry/app@sha256:...", "docker-pullable://..."). Calls may come before
 * or after the reports. Once any workload is added, images no workload runs
 * weigh less (see docs/vulnerabilities.md).
 */
void vulns_add_workload(struct vulns_estate *estate, const char *image_ref, bool internet_facing);

/*
 * The position of what is added next, e.g. the environment's place in the
 * inventory (default 0). Where the first report decides a value (an
 * image's name and OS, a finding's package type and class, and which of two
 * equal-ranking fixed versions is written), the lower origin wins when
 * estates are merged, so estates built separately (one per environment, in
 * parallel, or one per shard) and merged in any order give the plan of one
 * estate fed everything in origin order.
 */
void vulns_estate_set_origin(struct vulns_estate *estate, unsigned long origin);

/* Adds everything of `from` to `into` (see vulns_estate_set_origin). */
void vulns_estate_merge(struct vulns_estate *into, const struct vulns_estate *from);

/*
 * An estate as plain data, for a shard's partial assessment (written by
 * render/json.c, read back by srgap merge). get_* borrow the estate's
 * strings; put_* merge one record in (as vulns_estate_merge does) and
 * return its index, which later occurrences refer to.
 */
struct vulns_estate_image {
	const char *key, *name, *os_family, *os_version; /* os_* NULL when unknown */
	const char *const *refs; /* normalised references that name it, for workloads */
	size_t ref_count;
	unsigned weight;
	size_t reports;
	unsigned long name_origin, os_origin;
};

struct vulns_estate_finding {
	const char *id, *package, *installed, *type;
	const char *lowest_above; /* lowest fixed version above `installed`, or NULL */
	const char *highest;	  /* highest fixed version otherwise seen, or NULL */
	enum scan_severity severity;
	enum scan_package_class package_class;
	unsigned long origin, type_origin, lowest_origin, highest_origin;
};

struct vulns_estate_counts {
	size_t reports, reports_by_tool[2], secrets, misconfigurations;
};

size_t vulns_estate_image_count(const struct vulns_estate *estate);
void vulns_estate_get_image(const struct vulns_estate *estate, size_t index,
			    struct vulns_estate_image *image);
size_t vulns_estate_put_image(struct vulns_estate *estate, const struct vulns_estate_image *image);
size_t vulns_estate_finding_count(const struct vulns_estate *estate);
void vulns_estate_get_finding(const struct vulns_estate *estate, size_t index,
			      struct vulns_estate_finding *finding);
size_t vulns_estate_put_finding(struct vulns_estate *estate,
				const struct vulns_estate_finding *finding);
/* (finding, image) pairs, by the indexes above; repeats are allowed. */
size_t vulns_estate_occurrence_count(const struct vulns_estate *estate);
void vulns_estate_get_occurrence(const struct vulns_estate *estate, size_t index, size_t *finding,
				 size_t *image);
void vulns_estate_put_occurrence(struct vulns_estate *estate, size_t finding, size_t image);
/* Running workloads by normalised reference (as get_workload returns it). */
size_t vulns_estate_workload_count(const struct vulns_estate *estate);
void vulns_estate_get_workload(const struct vulns_estate *estate, size_t index, const char **ref,
			       bool *internet_facing);
void vulns_estate_put_workload(struct vulns_estate *estate, const char *ref, bool internet_facing);
void vulns_estate_get_counts(const struct vulns_estate *estate, struct vulns_estate_counts *counts);
void vulns_estate_add_counts(struct vulns_estate *estate, const struct vulns_estate_counts *counts);

/* ---------------------------------------------------------------- the plan */

struct vulns_image {
	const char *name;      /* first tag, else the scanned artifact */
	const char *key;       /* identity: image id, else first repo digest, else artifact */
	const char *os_family; /* NULL when no scanner found an OS */
	const char *os_version;
	unsigned environment_weight;
	size_t reports;		       /* reports about this image */
	unsigned long workloads;       /* running workloads that use it */
	unsigned long internet_facing; /* ... of which internet-facing */
};

struct vulns_finding {
	const char *id;
	const char *package;
	const char *installed;
	const char *type;  /* package type as the first scanner wrote it */
	const char *fixed; /* the lowest version above `installed` that fixes it, or NULL */
	enum scan_severity severity; /* the highest any scanner gave */
	enum scan_package_class package_class;
	size_t images;		 /* images that have it */
	unsigned long workloads; /* running workloads of those images */
};

enum vulns_action_kind {
	VULNS_ACTION_UPGRADE, /* upgrade `package` from `from` to `to` */
	VULNS_ACTION_REBUILD, /* rebuild the images on a newer `os_family` `os_version` base */
	VULNS_ACTION_NO_FIX,  /* no fixed version of `package` `from` yet: mitigate or accept */
};
extern const char *const vulns_action_kind_names[3]; /* "upgrade", "rebuild", "no-fix" */

struct vulns_action {
	enum vulns_action_kind kind;
	size_t rank;				/* 1-based */
	const char *package, *type, *from, *to; /* upgrade, no-fix (`to` NULL) */
	const char *os_family, *os_version;	/* rebuild */
	enum scan_severity highest;
	size_t by_severity[SCAN_SEVERITY_COUNT]; /* distinct findings the action resolves */
	size_t finding_count;
	const size_t *findings; /* indexes into plan->findings, most severe first */
	size_t image_count;
	const size_t *images; /* indexes into plan->images, by name */
	unsigned long workloads;
	unsigned long internet_facing;
	unsigned long long score;
};

struct vulns_totals {
	size_t by_severity[SCAN_SEVERITY_COUNT];
	size_t total;
};

struct vulns_plan {
	struct arena arena; /* owns the arrays; strings are borrowed from the estate */
	size_t reports;
	size_t reports_by_tool[2];
	size_t secrets;
	size_t misconfigurations;
	size_t occurrences;		  /* (finding, image) pairs */
	const struct vulns_image *images; /* sorted by name */
	size_t image_count;
	const struct vulns_finding *findings; /* most severe first, then by id */
	size_t finding_count;
	const struct vulns_action *actions; /* ranked */
	size_t action_count;
	size_t fixable_action_count; /* actions[0..fixable) have a fix */
	size_t top;
	struct vulns_totals now;       /* distinct findings by severity */
	struct vulns_totals after_top; /* left after the first `top` actions */
	struct vulns_totals after_all; /* left after every action with a fix: no fix exists */
	bool has_workloads;
	const char *const *unscanned_workloads; /* image refs of workloads no report covers */
	size_t unscanned_workload_count;
};

/* Builds the ranked plan. The estate must outlive the plan. */
void vulns_plan_build(const struct vulns_estate *estate, size_t top, struct vulns_plan *plan);
void vulns_plan_release(struct vulns_plan *plan);

/* The weight of one occurrence's severity in the score: critical 10, high 6, medium 3, low 1,
 * unknown 1. */
unsigned vulns_severity_weight(enum scan_severity severity);

#endif
