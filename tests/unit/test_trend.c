/*
 * Unit tests for src/core/trend: rows in date order with status counts,
 * gaps opened and closed as `srgap diff` counts them, the movers, the
 * regression test (coverage down, risk up, a met control lost), --since,
 * one environment, and an assessment from outside the history.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/trend.h"
#include "history_support.h"
#include "io/history.h"
#include "test_support.h"
#include "util/date.h"
#include "util/diag.h"

static const struct test_environment day1[] = {
	{"web", "mggp", 30, 33.3}, {"api", "ggxp", 50, 0}, {"old", "gggg", 9, 0}};
static const struct test_environment day2[] = {
	{"web", "mmgp", 20, 66.7}, {"api", "cgxp", 45, 10}, {"old", "gggg", 12, 0}};
static const struct test_environment day3[] = {
	{"web", "cmgp", 25, 33.3}, {"api", "cmmp", 10, 66.7}, {"new", "gggg", 40, 0}};

static char *make_history(void)
{
	char *dir = test_make_folder();
	const struct {
		const char *name, *date;
		const struct test_environment *environments;
	} days[] = {{"1.json", "2026-09-01", day1},
		    {"2.json", "2026-10-01", day2},
		    {"3.json", "2026-11-01", day3}};
	for (size_t i = 0; i < 3; i++) {
		char *path = malloc(strlen(dir) + 16);
		sprintf(path, "%s/%s", dir, days[i].name);
		test_write_assessment(path, days[i].date, days[i].environments, 3);
		free(path);
	}
	return dir;
}

static void build(struct trend *trend, const char *dir, const struct trend_options *options)
{
	struct history history;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(history_open(&history, dir, &diags), 0);
	assert_int_equal(trend_build(trend, &history, options, &diags), 0);
	print_diags(&diags);
	assert_int_equal(diags.count, 0);
	history_close(&history);
	diag_list_release(&diags);
}

static void test_estate_rows(void **state)
{
	(void)state;
	char *dir = make_history();
	struct trend_options options = TREND_OPTIONS_INIT;
	struct trend trend;
	build(&trend, dir, &options);
	assert_int_equal(trend.row_count, 3);
	assert_string_equal(trend.rows[0].date, "2026-09-01");
	assert_string_equal(trend.rows[2].file, "3.json");
	assert_int_equal(trend.rows[0].summary.risk, 89);
	assert_int_equal(trend.rows[0].status[STATUS_GAP], 8);
	assert_int_equal(trend.rows[0].status[STATUS_CONTRADICTED], 1);
	assert_int_equal(trend.rows[0].status[STATUS_PROVIDER], 2);
	assert_false(trend.rows[0].compared);
	/* Day 2: web 4.1.1b gap -> met, api 4.1.1a gap -> claimed; "old" unchanged. */
	assert_true(trend.rows[1].compared);
	assert_int_equal(trend.rows[1].gaps_closed, 2);
	assert_int_equal(trend.rows[1].gaps_opened, 0);
	/* Day 3: api closes 4.1.1b and 4.1.1c; "old" goes and "new" comes, neither counted. */
	assert_int_equal(trend.rows[2].gaps_closed, 2);
	assert_int_equal(trend.rows[2].gaps_opened, 0);
	/* Web's 4.1.1a went met -> claimed: a regression, though risk fell. */
	assert_true(trend_regressed(&trend));
	assert_false(trend.regression.risk_up);
	assert_int_equal(trend.regression.lost_count, 1);
	assert_string_equal(trend.regression.lost[0].environment, "web");
	assert_string_equal(trend.regression.lost[0].control, "4.1.1a");
	assert_int_equal(trend.regression.lost[0].status, STATUS_CLAIMED);
	/* Movers over the series: api fell most, old rose, web fell by 5. */
	assert_int_equal(trend.rising_count, 1);
	assert_string_equal(trend.rising[0].environment, "old");
	assert_int_equal(trend.falling_count, 2);
	assert_string_equal(trend.falling[0].environment, "api");
	assert_int_equal(trend.falling[0].first_risk, 50);
	assert_int_equal(trend.falling[0].last_risk, 10);
	assert_string_equal(trend.falling[1].environment, "web");
	trend_release(&trend);
	test_remove_folder(dir);
}

static void test_since_and_environment(void **state)
{
	(void)state;
	char *dir = make_history();
	struct trend_options options = TREND_OPTIONS_INIT;
	struct trend trend;
	assert_true(date_parse("2026-10-01", &options.since));
	build(&trend, dir, &options);
	assert_int_equal(trend.row_count, 2);
	/* The first row in the window is still compared with the assessment before it. */
	assert_true(trend.rows[0].compared);
	assert_int_equal(trend.rows[0].gaps_closed, 2);
	trend_release(&trend);

	options = (struct trend_options)TREND_OPTIONS_INIT;
	options.environment = "api";
	build(&trend, dir, &options);
	assert_true(trend.environment_found);
	assert_int_equal(trend.row_count, 3);
	assert_int_equal(trend.rows[1].summary.risk, 45);
	assert_int_equal(trend.rows[1].gaps_closed, 1);
	assert_int_equal(trend.rows[2].gaps_closed, 2);
	assert_int_equal(trend.rising_count + trend.falling_count, 0);
	/* api only got better: coverage up, risk down, nothing met lost. */
	assert_false(trend_regressed(&trend));
	trend_release(&trend);

	options.environment = "old";
	build(&trend, dir, &options);
	assert_true(trend.rows[1].present);
	assert_false(trend.rows[2].present);
	trend_release(&trend);

	options.environment = "apj";
	build(&trend, dir, &options);
	assert_false(trend.environment_found);
	assert_string_equal(trend.suggestion, "api");
	trend_release(&trend);
	test_remove_folder(dir);
}

static void test_regression_by_coverage_and_risk(void **state)
{
	(void)state;
	char *dir = test_make_folder();
	const struct test_environment before[] = {{"web", "cggp", 20, 50.0}};
	const struct test_environment after[] = {{"web", "cggp", 30, 40.0}};
	char *path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/1.json", dir);
	test_write_assessment(path, "2026-09-01", before, 1);
	sprintf(path, "%s/2.json", dir);
	test_write_assessment(path, "2026-09-02", after, 1);
	struct trend_options options = TREND_OPTIONS_INIT;
	options.environment = "web";
	struct trend trend;
	build(&trend, dir, &options);
	assert_true(trend_regressed(&trend));
	assert_true(trend.regression.coverage_down);
	assert_true(trend.regression.risk_up);
	assert_int_equal(trend.regression.before.coverage_permille, 500);
	assert_int_equal(trend.regression.after.coverage_permille, 400);
	trend_release(&trend);
	free(path);
	test_remove_folder(dir);
}

static void test_current_from_outside_and_series(void **state)
{
	(void)state;
	char *dir = make_history();
	struct saved_assessment current = {0};
	struct diag_list diags;
	diag_list_init(&diags);
	char *path = malloc(strlen(dir) + 32);
	sprintf(path, "%s/../outside-%d.json", dir, (int)getpid());
	const struct test_environment later[] = {{"web", "mmmp", 5, 100.0}};
	test_write_assessment(path, "2026-12-01", later, 1);
	assert_int_equal(assessment_json_load(&current, path, &diags), 0);
	struct trend_options options = TREND_OPTIONS_INIT;
	options.limit = 2; /* as if the history went up to day 2 */
	options.current = &current;
	options.series = true;
	struct trend trend;
	build(&trend, dir, &options);
	assert_int_equal(trend.row_count, 3);
	assert_string_equal(trend.rows[2].date, "2026-12-01");
	assert_true(trend.rows[2].compared);
	/* web's gap closed; api and old left the estate (not counted). */
	assert_int_equal(trend.rows[2].gaps_closed, 1);
	assert_int_equal(trend.series_count, 3);
	assert_string_equal(trend.series[0].environment, "web");
	assert_true(trend.series[0].points[2].present);
	assert_int_equal(trend.series[0].points[2].coverage_permille, 1000);
	assert_int_equal(trend.series[0].risk_low, 5);
	assert_int_equal(trend.series[0].risk_high, 30);
	assert_false(trend.series[1].points[2].present);
	trend_release(&trend);
	assessment_json_release(&current);
	unlink(path);
	free(path);
	diag_list_release(&diags);
	test_remove_folder(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estate_rows),
		cmocka_unit_test(test_since_and_environment),
		cmocka_unit_test(test_regression_by_coverage_and_risk),
		cmocka_unit_test(test_current_from_outside_and_series),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
