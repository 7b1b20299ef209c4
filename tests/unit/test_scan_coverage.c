/*
 * Unit tests for src/core/scan_coverage: stages from folder names, dates
 * from scanner timestamps, the newest scan per stage and its age.
 */
#include <stdbool.h>

#include "core/scan_coverage.h"
#include "test_support.h"
#include "util/date.h"

static void test_stage_from_path(void **state)
{
	assert_int_equal(scan_stage_from_path("evidence/build/web.json"), SCAN_STAGE_BUILD);
	assert_int_equal(scan_stage_from_path("/srv/prod/registry/2026-11/web.json"),
			 SCAN_STAGE_REGISTRY);
	assert_int_equal(scan_stage_from_path("runtime/web.json"), SCAN_STAGE_RUNTIME);
	assert_int_equal(scan_stage_from_path("runtime//web.json"), SCAN_STAGE_RUNTIME);
	/* The folder nearest the file wins. */
	assert_int_equal(scan_stage_from_path("registry/build/web.json"), SCAN_STAGE_BUILD);
	/* Whole components only, and never the file name. */
	assert_int_equal(scan_stage_from_path("builds/web.json"), SCAN_STAGE_NONE);
	assert_int_equal(scan_stage_from_path("prebuild/web.json"), SCAN_STAGE_NONE);
	assert_int_equal(scan_stage_from_path("reports/build"), SCAN_STAGE_NONE);
	assert_int_equal(scan_stage_from_path("web.json"), SCAN_STAGE_NONE);
	assert_int_equal(scan_stage_from_path(""), SCAN_STAGE_NONE);
}

/* Only the folders from the evidence root's own name down name a stage. */
static void test_stage_from_evidence_path(void **state)
{
	/* A checkout or tarball unpacked under someone's build/ folder: no stage. */
	assert_int_equal(scan_stage_from_evidence_path("/home/ci/build/srgap/evidence/web.json",
						       "/home/ci/build/srgap/evidence"),
			 SCAN_STAGE_NONE);
	assert_int_equal(scan_stage_from_evidence_path("/home/ci/build/fixtures/web.json",
						       "/home/ci/build/fixtures/web.json"),
			 SCAN_STAGE_NONE);
	/* Folders below the root, the root's own name, a file root's folder. */
	assert_int_equal(
		scan_stage_from_evidence_path("/srv/build/ev/registry/web.json", "/srv/build/ev/"),
		SCAN_STAGE_REGISTRY);
	assert_int_equal(
		scan_stage_from_evidence_path("/srv/build/runtime/web.json", "/srv/build/runtime"),
		SCAN_STAGE_RUNTIME);
	assert_int_equal(scan_stage_from_evidence_path("ci/build/web.json", "ci/build/web.json"),
			 SCAN_STAGE_BUILD);
	assert_int_equal(scan_stage_from_evidence_path("./build/web.json", "."), SCAN_STAGE_BUILD);
	assert_int_equal(scan_stage_from_evidence_path("web.json", "web.json"), SCAN_STAGE_NONE);
	/* Not under the root (or only sharing a prefix with it): the whole path. */
	assert_int_equal(scan_stage_from_evidence_path("ev-old/build/web.json", "ev"),
			 SCAN_STAGE_BUILD);
}

static void test_parse_day(void **state)
{
	long day, expected;
	assert_true(date_parse("2026-11-10", &expected));
	assert_true(scan_coverage_parse_day("2026-11-10T08:00:00Z", &day));
	assert_int_equal(day, expected);
	assert_true(scan_coverage_parse_day("2026-11-10T08:00:00.000000005+02:00", &day));
	assert_int_equal(day, expected);
	assert_true(scan_coverage_parse_day("2026-11-10", &day));
	assert_int_equal(day, expected);
	assert_false(scan_coverage_parse_day("2026-11-1", &day));
	assert_false(scan_coverage_parse_day("2026-13-10T00:00:00Z", &day));
	assert_false(scan_coverage_parse_day("2026-11-10x", &day));
	assert_false(scan_coverage_parse_day(NULL, &day));
}

static void test_newest_scan_and_age(void **state)
{
	long today, old, recent;
	assert_true(date_parse("2026-11-18", &today));
	assert_true(date_parse("2026-11-01", &old));
	assert_true(date_parse("2026-11-12", &recent));
	struct scan_coverage coverage;
	scan_coverage_init(&coverage, today, SCAN_COVERAGE_DEFAULT_MAX_AGE_DAYS);
	scan_coverage_add(&coverage, SCAN_STAGE_BUILD, true, old);
	scan_coverage_add(&coverage, SCAN_STAGE_BUILD, true, recent);
	scan_coverage_add(&coverage, SCAN_STAGE_BUILD, true, old); /* order does not matter */
	scan_coverage_add(&coverage, SCAN_STAGE_REGISTRY, true, old);
	scan_coverage_add(&coverage, SCAN_STAGE_RUNTIME, false, 0);
	scan_coverage_add(&coverage, SCAN_STAGE_NONE, true, recent);

	const struct scan_coverage_stage *build = &coverage.stages[SCAN_STAGE_BUILD];
	assert_int_equal(build->reports, 3);
	assert_true(build->dated);
	assert_int_equal(build->newest_day, recent);
	assert_int_equal(build->age_days, 6);
	assert_false(build->stale);
	const struct scan_coverage_stage *registry = &coverage.stages[SCAN_STAGE_REGISTRY];
	assert_int_equal(registry->age_days, 17);
	assert_true(registry->stale);
	const struct scan_coverage_stage *runtime = &coverage.stages[SCAN_STAGE_RUNTIME];
	assert_int_equal(runtime->reports, 1);
	assert_false(runtime->dated);
	assert_int_equal(coverage.unstaged_reports, 1);
	assert_int_equal(scan_coverage_stage_count(&coverage), 3);

	/* Exactly the maximum age is still fresh; a scan dated after today has age 0. */
	scan_coverage_init(&coverage, today, 6);
	scan_coverage_add(&coverage, SCAN_STAGE_BUILD, true, recent);
	assert_false(coverage.stages[SCAN_STAGE_BUILD].stale);
	scan_coverage_add(&coverage, SCAN_STAGE_RUNTIME, true, today + 3);
	assert_int_equal(coverage.stages[SCAN_STAGE_RUNTIME].age_days, 0);
	assert_int_equal(scan_coverage_stage_count(&coverage), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stage_from_path),
		cmocka_unit_test(test_stage_from_evidence_path),
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_newest_scan_and_age),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
