/*
 * Which life-cycle stages have scan evidence (SP 800-190 4.1.1: scan at
 * build, in every registry, and at runtime) and how old the newest scan of
 * each stage is. A report's stage comes from its folder (a path component
 * `build`, `registry` or `runtime`) or from whoever declares it (the
 * inventory, a provider's registry scan); its date from the scanner's
 * timestamp, else the file's modification time. Pure bookkeeping: callers
 * read the files and decide what a stale stage means for a control.
 */
#ifndef SRGAP_CORE_SCAN_COVERAGE_H
#define SRGAP_CORE_SCAN_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>

enum scan_stage {
	SCAN_STAGE_BUILD,
	SCAN_STAGE_REGISTRY,
	SCAN_STAGE_RUNTIME,
};
#define SCAN_STAGE_COUNT 3
#define SCAN_STAGE_NONE	 (-1)
extern const char *const scan_stage_names[SCAN_STAGE_COUNT]; /* "build", "registry", "runtime" */

/* The inventory policy's default for scan_max_age_days. */
#define SCAN_COVERAGE_DEFAULT_MAX_AGE_DAYS 7

/*
 * The stage named by a path component of `path` (the one nearest the file
 * wins: reports/registry/build/x.json is build), or SCAN_STAGE_NONE.
 * Components are matched whole: "builds/" or "prebuild/" name no stage.
 */
int scan_stage_from_path(const char *path);
/*
 * The stage of `path`, a file found under `root` (the evidence folder or file
 * a user named): only the folders from root's own name down count, so
 * /home/ci/build/srgap/evidence/web.json under /home/ci/build/srgap/evidence
 * names no stage, while evidence/registry/web.json, or anything under a root
 * named registry/, is registry. A path not under `root` is taken whole.
 */
int scan_stage_from_evidence_path(const char *path, const char *root);

/* The day (since 1970-01-01) of an ISO 8601 timestamp's date part, "2026-11-10T08:00:00Z". */
bool scan_coverage_parse_day(const char *timestamp, long *day);

struct scan_coverage_stage {
	size_t reports;
	bool dated;	 /* some report of this stage has a date */
	long newest_day; /* the newest scan, when dated */
	long age_days;	 /* today - newest_day (0 if the scan is dated in the future) */
	bool stale;	 /* age_days > max_age_days */
};

struct scan_coverage {
	long today;
	unsigned max_age_days;
	struct scan_coverage_stage stages[SCAN_STAGE_COUNT];
	size_t unstaged_reports; /* reports in no stage folder and declared for none */
};

void scan_coverage_init(struct scan_coverage *coverage, long today, unsigned max_age_days);
/* One report of `stage` (or SCAN_STAGE_NONE) scanned on `day`, or undated when `dated` is false. */
void scan_coverage_add(struct scan_coverage *coverage, int stage, bool dated, long day);
/* Stages with at least one report. */
size_t scan_coverage_stage_count(const struct scan_coverage *coverage);

#endif
