/*
 * Unit tests for src/core/diff: the status order, cell changes and their
 * direction, environments added, removed, moved and worse, responsibility
 * changes in provider models, and that a saved run diffed against itself
 * is empty (tests/golden/diff-inputs/q1.json).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/diff.h"
#include "test_support.h"
#include "util/diag.h"

#define Q1 SRGAP_TEST_DATA_DIR "/tests/golden/diff-inputs/q1.json"
#define Q2 SRGAP_TEST_DATA_DIR "/tests/golden/diff-inputs/q2.json"

static struct saved_cell cell(const char *control, const char *status, unsigned long risk)
{
	return (struct saved_cell){.control = control,
				   .title = control,
				   .responsibility = "customer",
				   .status = status,
				   .severity = "high",
				   .risk = risk};
}

static struct saved_environment environment(const char *name, const char *service,
					    struct saved_cell *cells, size_t count,
					    unsigned long risk, unsigned coverage,
					    unsigned long share)
{
	return (struct saved_environment){.name = name,
					  .provider = "aws",
					  .service = service,
					  .registry = "aws/ecr",
					  .criticality = "high",
					  .cells = cells,
					  .cell_count = count,
					  .summary = {.cells = count,
						      .customer_share = share,
						      .risk = risk,
						      .coverage_permille = coverage}};
}

static struct saved_assessment run(struct saved_environment *environments, size_t count)
{
	struct saved_assessment result = {.path = "run.json",
					  .organization = "Acme",
					  .date = "2026-11-15",
					  .generator = "srgap test",
					  .environments = environments,
					  .environment_count = count};
	for (size_t i = 0; i < count; i++) {
		result.summary.risk += environments[i].summary.risk;
		result.summary.customer_share += environments[i].summary.customer_share;
	}
	return result;
}

static void test_status_order(void **state)
{
	(void)state;
	assert_int_equal(diff_status_rank(STATUS_MET), 0);
	assert_int_equal(diff_status_rank(STATUS_PROVIDER), 0);
	assert_int_equal(diff_status_rank(STATUS_NOT_APPLICABLE), 0);
	assert_int_equal(diff_status_rank(STATUS_ACCEPTED), 0);
	assert_true(diff_status_rank(STATUS_MET) < diff_status_rank(STATUS_CLAIMED));
	assert_true(diff_status_rank(STATUS_CLAIMED) < diff_status_rank(STATUS_PARTIAL));
	assert_true(diff_status_rank(STATUS_PARTIAL) < diff_status_rank(STATUS_GAP));
	assert_true(diff_status_rank(STATUS_GAP) < diff_status_rank(STATUS_CONTRADICTED));
	assert_true(diff_status_is_gap(STATUS_CONTRADICTED));
	assert_false(diff_status_is_gap(STATUS_PARTIAL));
}

static void test_cell_changes(void **state)
{
	(void)state;
	struct saved_cell before[] = {cell("4.1.1a", "claimed", 4), cell("4.1.1b", "met", 0),
				      cell("4.1.1c", "gap", 9), cell("4.1.1d", "accepted", 0),
				      cell("4.1.2a", "partial", 3)};
	/* Same controls, one out of order: cells match by id, not position. */
	struct saved_cell after[] = {cell("4.1.1a", "met", 0), cell("4.1.1b", "contradicted", 12),
				     cell("4.1.2a", "partial", 3), cell("4.1.1d", "gap", 9),
				     cell("4.1.1c", "accepted", 0)};
	struct saved_environment old_envs[] = {
		environment("web", "eks-fargate", before, 5, 16, 400, 5)};
	struct saved_environment new_envs[] = {
		environment("web", "eks-fargate", after, 5, 24, 400, 5)};
	struct saved_assessment a = run(old_envs, 1), b = run(new_envs, 1);
	struct diff diff;
	diff_compute(&diff, &a, &b);
	assert_int_equal(diff.cell_count, 4);
	assert_int_equal(diff.better, 2);
	assert_int_equal(diff.worse, 2);
	assert_int_equal(diff.gaps_closed, 1);
	assert_int_equal(diff.gaps_opened, 2);
	assert_string_equal(diff.cells[0].new_cell->control, "4.1.1a");
	assert_int_equal(diff.cells[0].from, STATUS_CLAIMED);
	assert_int_equal(diff.cells[0].to, STATUS_MET);
	assert_int_equal(diff.cells[0].direction, -1);
	assert_int_equal(diff.cells[1].direction, 1);
	assert_int_equal(diff.cells[2].from, STATUS_ACCEPTED); /* 4.1.1d, in the new run's order */
	assert_int_equal(diff.cells[2].to, STATUS_GAP);
	assert_int_equal(diff.environment_count, 1);
	assert_false(diff.environments[0].moved);
	assert_true(diff.environments[0].worse); /* risk 16 -> 24 */
	assert_true(diff_has_regression(&diff));
	assert_false(diff_is_empty(&diff));
	diff_release(&diff);
}

static void test_environments_added_removed_moved(void **state)
{
	(void)state;
	struct saved_cell cells[] = {cell("4.1.1a", "gap", 9)};
	struct saved_environment old_envs[] = {
		environment("retired", "ecs-ec2", cells, 1, 9, 0, 1),
		environment("web", "ecs-fargate", cells, 1, 9, 0, 1)};
	struct saved_environment new_envs[] = {environment("web", "eks-fargate", cells, 1, 9, 0, 1),
					       environment("batch", "lambda", cells, 1, 9, 0, 1)};
	struct saved_assessment a = run(old_envs, 2), b = run(new_envs, 2);
	struct diff diff;
	diff_compute(&diff, &a, &b);
	assert_int_equal(diff.added_count, 1);
	assert_string_equal(diff.added[0]->name, "batch");
	assert_int_equal(diff.removed_count, 1);
	assert_string_equal(diff.removed[0]->name, "retired");
	assert_int_equal(diff.environment_count, 1);
	assert_true(diff.environments[0].moved);
	assert_false(diff.environments[0].worse);
	assert_int_equal(diff.cell_count, 0);
	/* Same totals, nothing worse: a move and a swap are changes, not regressions. */
	assert_false(diff_has_regression(&diff));
	assert_false(diff_is_empty(&diff));
	diff_release(&diff);
}

static void test_worse_means_risk_coverage_or_share(void **state)
{
	(void)state;
	struct saved_cell cells[] = {cell("4.1.1a", "gap", 9)};
	struct {
		unsigned long risk;
		unsigned coverage;
		unsigned long share;
		bool worse;
	} cases[] = {
		{10, 500, 20, false}, /* unchanged */
		{11, 500, 20, true},  /* risk up */
		{10, 499, 20, true},  /* coverage down */
		{10, 500, 21, true},  /* customer share up */
		{5, 700, 10, false},  /* all better */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct saved_environment old_envs[] = {
			environment("web", "eks-fargate", cells, 1, 10, 500, 20)};
		struct saved_environment new_envs[] = {environment("web", "eks-fargate", cells, 1,
								   cases[i].risk, cases[i].coverage,
								   cases[i].share)};
		struct saved_assessment a = run(old_envs, 1), b = run(new_envs, 1);
		a.summary.coverage_permille = 500;
		b.summary.coverage_permille = cases[i].coverage;
		struct diff diff;
		diff_compute(&diff, &a, &b);
		if (diff.environments[0].worse != cases[i].worse ||
		    diff_has_regression(&diff) != cases[i].worse ||
		    diff.worse_overall != cases[i].worse)
			fail_msg("case %zu: worse %d, expected %d", i, diff.environments[0].worse,
				 cases[i].worse);
		assert_int_equal(diff_is_empty(&diff), i == 0);
		diff_release(&diff);
	}
}

static void test_responsibility_changes(void **state)
{
	(void)state;
	struct saved_answer old_answers[] = {{"4.5.3a", "shared"}, {"4.5.3b", "customer"}};
	struct saved_answer new_answers[] = {
		{"4.5.3a", "provider"}, {"4.5.3b", "customer"}, {"4.5.3c", "customer"}};
	struct saved_service old_services[] = {{"aws/ecs-ec2", old_answers, 2},
					       {"aws/eks-fargate", old_answers, 2}};
	struct saved_service new_services[] = {{"aws/eks-fargate", new_answers, 3},
					       {"gcp/cloud-run", new_answers, 3}};
	struct saved_assessment a = run(NULL, 0), b = run(NULL, 0);
	a.services = old_services;
	a.service_count = 2;
	b.services = new_services;
	b.service_count = 2;
	struct diff diff;
	diff_compute(&diff, &a, &b);
	assert_int_equal(diff.responsibility_count, 1);
	assert_string_equal(diff.responsibilities[0].service, "aws/eks-fargate");
	assert_string_equal(diff.responsibilities[0].control, "4.5.3a");
	assert_int_equal(diff.responsibilities[0].from, RESPONSIBILITY_SHARED);
	assert_int_equal(diff.responsibilities[0].to, RESPONSIBILITY_PROVIDER);
	assert_false(diff_has_regression(&diff));
	diff_release(&diff);
}

static void test_saved_run_against_itself_is_empty(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	struct saved_assessment a, b;
	assert_int_equal(diff_load(&a, Q1, &diags), 0);
	assert_int_equal(diff_load(&b, Q1, &diags), 0);
	assert_int_equal(diags.count, 0);
	assert_true(a.environment_count > 0);
	struct diff diff;
	diff_compute(&diff, &a, &b);
	assert_true(diff_is_empty(&diff));
	assert_false(diff_has_regression(&diff));
	diff_release(&diff);

	/* And the two quarters do differ, both ways round. */
	struct saved_assessment c;
	assert_int_equal(diff_load(&c, Q2, &diags), 0);
	diff_compute(&diff, &a, &c);
	assert_false(diff_is_empty(&diff));
	assert_true(diff.gaps_closed > 0);
	assert_int_equal(diff.added_count, 1);
	assert_int_equal(diff.removed_count, 1);
	assert_true(diff.responsibility_count > 0);
	size_t forward_better = diff.better, forward_worse = diff.worse;
	diff_release(&diff);
	diff_compute(&diff, &c, &a);
	assert_int_equal(diff.better, forward_worse);
	assert_int_equal(diff.worse, forward_better);
	diff_release(&diff);
	assessment_json_release(&c);
	assessment_json_release(&b);
	assessment_json_release(&a);
	diag_list_release(&diags);
}

static void test_load_rejects_unknown_status(void **state)
{
	(void)state;
	char path[] = "/tmp/srgap-diff-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "w");
	fputs("{\"srgap\": \"assessment/1\", \"generator\": \"g\", \"organization\": \"o\",\n"
	      " \"assessment\": {\"date\": \"2026-11-15\"},\n"
	      " \"models\": {\"catalog\": {\"version\": \"v\"}, \"services\": {}},\n"
	      " \"environments\": [{\"name\": \"web\", \"provider\": \"aws\", \"service\": \"s\",\n"
	      "   \"registry\": \"aws/ecr\", \"criticality\": \"high\",\n"
	      "   \"summary\": {\"cells\": 1, \"customer_share\": 1, \"coverage_percent\": 0,\n"
	      "               \"risk\": 0, \"status\": {\"gap\": 0, \"contradicted\": 0}},\n"
	      "   \"cells\": [{\"control\": \"4.1.1a\", \"title\": \"t\", \"responsibility\": "
	      "\"customer\",\n"
	      "     \"status\": \"great\", \"severity\": \"high\", \"risk\": 0}]}],\n"
	      " \"summary\": {\"cells\": 1, \"customer_share\": 1, \"coverage_percent\": 0,\n"
	      "             \"risk\": 0, \"status\": {\"gap\": 0, \"contradicted\": 0}}}\n",
	      out);
	fclose(out);
	struct diag_list diags;
	diag_list_init(&diags);
	struct saved_assessment a;
	assert_int_equal(diff_load(&a, path, &diags), -1);
	expect_diag(&diags, "assessment.bad-field", 0, 0,
		    "environments[0].cells[0].status: unknown status 'great'");
	assessment_json_release(&a);
	diag_list_release(&diags);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_order),
		cmocka_unit_test(test_cell_changes),
		cmocka_unit_test(test_environments_added_removed_moved),
		cmocka_unit_test(test_worse_means_risk_coverage_or_share),
		cmocka_unit_test(test_responsibility_changes),
		cmocka_unit_test(test_saved_run_against_itself_is_empty),
		cmocka_unit_test(test_load_rejects_unknown_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
