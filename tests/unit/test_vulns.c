/*
 * Unit tests for src/core/vulns: version comparison, de-duplication across
 * reports and tools, grouping into actions, the rebuild rule, ranking (with
 * environment weights and workloads) and the totals before and after the
 * top N actions. The estate is fixtures/vulns/estate/: four reports of three
 * images written for these tests, with known overlaps; the expected numbers
 * are worked out in docs/vulnerabilities.md's example.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/vulns.h"
#include "io/scanner_report.h"
#include "test_support.h"
#include "util/diag.h"

/* ------------------------------------------------------------------ versions */

static void expect_order(const char *lower, const char *higher)
{
	if (vulns_version_compare(lower, higher) >= 0 ||
	    vulns_version_compare(higher, lower) <= 0) {
		print_message("expected %s < %s (got %d, %d)\n", lower, higher,
			      vulns_version_compare(lower, higher),
			      vulns_version_compare(higher, lower));
		fail();
	}
}

static void test_version_compare(void **state)
{
	expect_order("1.0", "1.1");
	expect_order("1.9", "1.10");		/* numerically, not as text */
	expect_order("1.0-r1", "1.0-r2");	/* apk revisions */
	expect_order("1.1.1b-r1", "1.1.1d-r0"); /* letters inside versions */
	expect_order("1.1.20-r4", "1.1.20-r5");
	expect_order("2.0", "1:0.9");	/* epoch first */
	expect_order("1.0~rc1", "1.0"); /* ~ before everything, even the end */
	expect_order("1.0~rc9", "1.0~rc10");
	expect_order("3.0.9-1", "3.0.11-1~deb12u1");  /* Debian security update */
	expect_order("3.0.11-1~deb12u1", "3.0.11-1"); /* ... before the next release */
	expect_order("1.2.3-4.el8", "1.2.3-10.el8");  /* RPM release */
	expect_order("1.2.3-rc1", "1.2.3");	      /* semver pre-release */
	expect_order("5.0.0-beta.1", "5.0.0");
	expect_order("4.17.3", "5.0.0-beta.1");
	expect_order("1.2.3_rc1", "1.2.3"); /* apk pre-release */
	expect_order("1.2.3", "1.2.3_p1");  /* apk patch level: after */
	expect_order("1.0", "1.0a");
	expect_order("1.0", "1.0.1");
	expect_order("", "0.1");
	expect_order("2.12.2", "2.16.0");
	expect_order("1.0-1", "1.0.1-1");
	expect_order("1.0-rc0", "1.0"); /* "rc" as a word is a pre-release ... */
	expect_order("1.0", "1.0-r9");	/* ... "r9" is a revision */
	assert_int_equal(vulns_version_compare("v1.2.3", "1.2.3"), 0);
	assert_int_equal(vulns_version_compare("1.0.0", "1.00.0"), 0);
	assert_int_equal(vulns_version_compare("0:1.5", "1.5"), 0);
	assert_int_equal(vulns_version_compare("7.88.1-10+deb12u5", "7.88.1-10+deb12u5"), 0);
}

/* Transitive on a mixed list: sorting by it gives the order a packager expects. */
static void test_version_compare_is_a_total_order(void **state)
{
	const char *const ordered[] = {"",	"0.9",	  "1.0~alpha", "1.0~rc1", "1.0-rc2",
				       "1.0",	"1.0-1",  "1.0-r1",    "1.0a",	  "1.0.1",
				       "1.2",	"1.10",	  "2.0_rc1",   "2.0",	  "2.0_p1",
				       "1:0.1", "2:0.0.1"};
	size_t count = sizeof(ordered) / sizeof(ordered[0]);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(vulns_version_compare(ordered[i], ordered[i]), 0);
		for (size_t j = i + 1; j < count; j++)
			expect_order(ordered[i], ordered[j]);
	}
}

/* ------------------------------------------------------------------ the estate */

struct fixture {
	struct vulns_estate *estate;
	struct vulns_plan plan;
	struct diag_list diags;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->estate = vulns_estate_new();
	diag_list_init(&f->diags);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	vulns_plan_release(&f->plan);
	vulns_estate_free(f->estate);
	diag_list_release(&f->diags);
	free(f);
	return 0;
}

/* Adds a fixture report; `weight` 0 is the default environment. */
static void add(struct fixture *f, const char *name, unsigned weight)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/vulns/estate/%s", SRGAP_TEST_FIXTURES, name);
	struct scan_reader reader;
	struct scan_report report;
	scan_reader_init(&reader, "vulns");
	assert_int_equal(scan_report_load(&reader, path, &report, &f->diags), SCAN_LOAD_OK);
	vulns_add_report(f->estate, &report, weight);
	scan_report_release(&report);
	scan_reader_release(&reader);
}

static void add_estate(struct fixture *f, unsigned pay_weight)
{
	add(f, "trivy-web.json", 0);
	add(f, "grype-web.json", 0);
	add(f, "trivy-cart.json", 0);
	add(f, "grype-pay.json", pay_weight);
	assert_error_count(&f->diags, 0);
}

static void build(struct fixture *f, size_t top)
{
	vulns_plan_release(&f->plan);
	vulns_plan_build(f->estate, top, &f->plan);
}

static const struct vulns_finding *finding(const struct vulns_plan *plan, const char *id)
{
	for (size_t i = 0; i < plan->finding_count; i++)
		if (!strcmp(plan->findings[i].id, id))
			return &plan->findings[i];
	print_message("no finding %s\n", id);
	fail();
	return NULL;
}

/* "upgrade log4j-core 2.14.1 2.16.0" / "rebuild alpine 3.18.4" / "no-fix zlib 1.2.13-r1" */
static void describe(const struct vulns_action *action, char *buffer, size_t size)
{
	if (action->kind == VULNS_ACTION_REBUILD)
		snprintf(buffer, size, "rebuild %s %s", action->os_family, action->os_version);
	else if (action->kind == VULNS_ACTION_UPGRADE)
		snprintf(buffer, size, "upgrade %s %s %s", action->package, action->from,
			 action->to);
	else
		snprintf(buffer, size, "no-fix %s %s", action->package, action->from);
}

static void expect_actions(const struct vulns_plan *plan, const char *const *expected,
			   const unsigned long long *scores, size_t count)
{
	char got[256];
	bool ok = plan->action_count == count;
	for (size_t a = 0; ok && a < count; a++) {
		describe(&plan->actions[a], got, sizeof(got));
		ok = !strcmp(got, expected[a]) && plan->actions[a].score == scores[a] &&
		     plan->actions[a].rank == a + 1;
	}
	if (ok)
		return;
	print_message("expected:\n");
	for (size_t a = 0; a < count; a++)
		print_message("  %zu. %s (score %llu)\n", a + 1, expected[a], scores[a]);
	print_message("got:\n");
	for (size_t a = 0; a < plan->action_count; a++) {
		describe(&plan->actions[a], got, sizeof(got));
		print_message("  %zu. %s (score %llu)\n", plan->actions[a].rank, got,
			      plan->actions[a].score);
	}
	fail();
}

static void expect_totals(const struct vulns_totals *totals, size_t critical, size_t high,
			  size_t medium, size_t low, size_t unknown)
{
	assert_int_equal(totals->by_severity[SCAN_SEVERITY_CRITICAL], critical);
	assert_int_equal(totals->by_severity[SCAN_SEVERITY_HIGH], high);
	assert_int_equal(totals->by_severity[SCAN_SEVERITY_MEDIUM], medium);
	assert_int_equal(totals->by_severity[SCAN_SEVERITY_LOW], low);
	assert_int_equal(totals->by_severity[SCAN_SEVERITY_UNKNOWN], unknown);
	assert_int_equal(totals->total, critical + high + medium + low + unknown);
}

static void test_deduplicates_across_reports_and_tools(void **state)
{
	struct fixture *f = *state;
	add_estate(f, 0);
	build(f, 3);
	const struct vulns_plan *plan = &f->plan;
	assert_int_equal(plan->reports, 4);
	assert_int_equal(plan->reports_by_tool[SCAN_TOOL_TRIVY], 2);
	assert_int_equal(plan->reports_by_tool[SCAN_TOOL_GRYPE], 2);
	assert_int_equal(plan->image_count, 3); /* web was scanned by both tools */
	assert_string_equal(plan->images[0].name, "registry.example.com/shop/cart:2.1");
	assert_int_equal(plan->images[2].reports, 2);
	assert_int_equal(plan->finding_count, 11);
	assert_int_equal(plan->occurrences, 15);
	assert_int_equal(plan->secrets, 1);
	assert_int_equal(plan->misconfigurations, 1);

	/* The highest severity any scanner gave: Trivy HIGH over Grype Medium, Grype High over
	 * Trivy MEDIUM. */
	assert_int_equal(finding(plan, "CVE-2023-0001")->severity, SCAN_SEVERITY_HIGH);
	assert_int_equal(finding(plan, "CVE-2023-0003")->severity, SCAN_SEVERITY_HIGH);
	/* The lowest fixed version above the installed one, across scanners and lists. */
	assert_string_equal(finding(plan, "CVE-2023-0003")->fixed, "1.36.1-r4");
	assert_string_equal(finding(plan, "CVE-2022-24999")->fixed, "4.17.3");
	assert_string_equal(finding(plan, "CVE-2021-45046")->fixed, "2.16.0");
	assert_null(finding(plan, "CVE-2023-0004")->fixed);
	assert_int_equal(finding(plan, "CVE-2023-0001")->images, 2);
	assert_int_equal(finding(plan, "CVE-2023-0006")->images, 1);
	/* Findings are listed most severe first. */
	for (size_t i = 1; i < plan->finding_count; i++)
		assert_true(plan->findings[i - 1].severity >= plan->findings[i].severity);
}

static void test_actions_ranking_and_totals(void **state)
{
	struct fixture *f = *state;
	add_estate(f, 0);
	build(f, 3);
	const struct vulns_plan *plan = &f->plan;
	static const char *const expected[] = {
		"rebuild alpine 3.18.4",
		"upgrade log4j-core 2.14.1 2.16.0",
		"upgrade lodash 4.17.20 4.17.21",
		"upgrade openssl 3.0.9-1 3.0.11-1~deb12u1",
		"upgrade express 4.17.1 4.17.3", /* ties with requests: by name */
		"upgrade requests 2.25.0 2.31.0",
		"no-fix zlib 1.2.13-r1", /* no fix: always after the fixes */
	};
	static const unsigned long long scores[] = {180, 80, 48, 40, 12, 12, 4};
	expect_actions(plan, expected, scores, 7);
	assert_int_equal(plan->fixable_action_count, 6);

	const struct vulns_action *rebuild = &plan->actions[0];
	assert_int_equal(rebuild->image_count, 2);
	assert_int_equal(rebuild->finding_count, 4);
	assert_int_equal(rebuild->by_severity[SCAN_SEVERITY_CRITICAL], 1);
	assert_int_equal(rebuild->by_severity[SCAN_SEVERITY_HIGH], 2);
	assert_int_equal(rebuild->by_severity[SCAN_SEVERITY_LOW], 1);
	assert_int_equal(rebuild->highest, SCAN_SEVERITY_CRITICAL);
	const struct vulns_action *lodash = &plan->actions[2];
	assert_int_equal(lodash->image_count, 2);
	assert_int_equal(lodash->finding_count, 1);

	expect_totals(&plan->now, 4, 3, 2, 2, 0);
	expect_totals(&plan->after_top, 1, 0, 2, 1, 0);
	expect_totals(&plan->after_all, 0, 0, 0, 1, 0);

	build(f, 0);
	expect_totals(&f->plan.after_top, 4, 3, 2, 2, 0);
	build(f, 100);
	expect_totals(&f->plan.after_top, 0, 0, 0, 1, 0);
}

static void test_environment_weight_changes_the_order(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(vulns_environment_weight(CRITICALITY_MEDIUM, false),
			 VULNS_DEFAULT_ENVIRONMENT_WEIGHT);
	assert_int_equal(vulns_environment_weight(CRITICALITY_CRITICAL, true), 12);
	assert_int_equal(vulns_environment_weight(CRITICALITY_LOW, false), 2);
	add_estate(f, vulns_environment_weight(CRITICALITY_CRITICAL, true));
	build(f, 3);
	static const char *const expected[] = {
		"upgrade log4j-core 2.14.1 2.16.0", /* 2 critical x 12 */
		"rebuild alpine 3.18.4",
		"upgrade openssl 3.0.9-1 3.0.11-1~deb12u1", /* 1 critical x 12 */
		"upgrade lodash 4.17.20 4.17.21",
		"upgrade requests 2.25.0 2.31.0", /* 1 medium x 12 */
		"upgrade express 4.17.1 4.17.3",
		"no-fix zlib 1.2.13-r1",
	};
	static const unsigned long long scores[] = {240, 180, 120, 48, 36, 12, 4};
	expect_actions(&f->plan, expected, scores, 7);
}

static void test_workloads_weigh_running_and_internet_facing_images(void **state)
{
	struct fixture *f = *state;
	vulns_add_workload(f->estate, "registry.example.com/shop/pay:3.0", true);
	add_estate(f, 0);
	vulns_add_workload(f->estate,
			   "docker-pullable://registry.example.com/shop/cart@sha256:"
			   "cccc000000000000000000000000000000000000000000000000000000000003",
			   false);
	vulns_add_workload(f->estate, "nginx", true);
	vulns_add_workload(f->estate, "docker.io/library/nginx:latest", false);
	build(f, 3);
	const struct vulns_plan *plan = &f->plan;
	assert_true(plan->has_workloads);
	/* reach: pay 1 + 1 + 2 x 1 = 4, cart 1 + 1 = 2, web (no workload) 1 */
	static const char *const expected[] = {
		"upgrade log4j-core 2.14.1 2.16.0",	    /* 2 x 10 x 4 x 4 */
		"rebuild alpine 3.18.4",		    /* web x 4, cart x 8 */
		"upgrade openssl 3.0.9-1 3.0.11-1~deb12u1", /* 10 x 4 x 4 */
		"upgrade lodash 4.17.20 4.17.21",
		"upgrade requests 2.25.0 2.31.0",
		"upgrade express 4.17.1 4.17.3",
		"no-fix zlib 1.2.13-r1",
	};
	static const unsigned long long scores[] = {320, 268, 160, 72, 48, 24, 4};
	expect_actions(plan, expected, scores, 7);
	assert_int_equal(plan->actions[0].workloads, 1);
	assert_int_equal(plan->actions[0].internet_facing, 1);
	assert_int_equal(plan->actions[1].workloads, 1); /* cart's */
	assert_int_equal(finding(plan, "CVE-2021-44228")->workloads, 1);
	/* Both spellings of nginx are one image no report covers. */
	assert_int_equal(plan->unscanned_workload_count, 1);
	assert_string_equal(plan->unscanned_workloads[0], "nginx:latest");
}

/* Hand-made reports for the rebuild threshold. */
static void add_image(struct vulns_estate *estate, const char *image, const char *family,
		      size_t os_fixable, size_t app_fixable)
{
	static const char *const fixed[] = {"2.0"};
	static const char *const ids[] = {"CVE-1", "CVE-2", "CVE-3", "CVE-4"};
	struct scan_finding findings[8];
	size_t count = 0;
	for (size_t i = 0; i < os_fixable; i++)
		findings[count++] = (struct scan_finding){.id = ids[i],
							  .package = "libos",
							  .installed = "1.0",
							  .fixed = fixed,
							  .fixed_count = 1,
							  .type = "deb",
							  .severity = SCAN_SEVERITY_HIGH,
							  .package_class = SCAN_PACKAGE_OS};
	for (size_t i = 0; i < app_fixable; i++)
		findings[count++] = (struct scan_finding){.id = ids[i],
							  .package = "libapp",
							  .installed = "1.0",
							  .fixed = fixed,
							  .fixed_count = 1,
							  .type = "npm",
							  .severity = SCAN_SEVERITY_HIGH,
							  .package_class = SCAN_PACKAGE_APP};
	struct scan_report report = {
		.path = image,
		.artifact = image,
		.os_family = family,
		.os_version = "12",
		.findings = findings,
		.finding_count = count,
	};
	vulns_add_report(estate, &report, 0);
}

static void test_rebuild_needs_a_shared_base_and_a_majority(void **state)
{
	struct fixture *f = *state;
	/* Exactly half in OS packages: no rebuild, two upgrades. */
	add_image(f->estate, "a:1", "debian", 1, 1);
	add_image(f->estate, "b:1", "debian", 1, 1);
	/* A majority, but a base of its own: no rebuild either. */
	add_image(f->estate, "c:1", "ubuntu", 3, 1);
	build(f, 10);
	for (size_t a = 0; a < f->plan.action_count; a++)
		assert_int_not_equal(f->plan.actions[a].kind, VULNS_ACTION_REBUILD);

	/* A third debian image tips the debian base over half. */
	add_image(f->estate, "d:1", "debian", 2, 0);
	build(f, 10);
	const struct vulns_action *rebuild = NULL;
	for (size_t a = 0; a < f->plan.action_count; a++)
		if (f->plan.actions[a].kind == VULNS_ACTION_REBUILD)
			rebuild = &f->plan.actions[a];
	assert_non_null(rebuild);
	assert_string_equal(rebuild->os_family, "debian");
	assert_int_equal(rebuild->image_count, 3);
	/* The rebuild takes the debian images' OS findings; libos on ubuntu stays an upgrade. */
	bool ubuntu_upgrade = false;
	for (size_t a = 0; a < f->plan.action_count; a++) {
		const struct vulns_action *action = &f->plan.actions[a];
		if (action->kind == VULNS_ACTION_UPGRADE && !strcmp(action->package, "libos")) {
			ubuntu_upgrade = true;
			assert_int_equal(action->image_count, 1);
			assert_string_equal(f->plan.images[action->images[0]].name, "c:1");
		}
	}
	assert_true(ubuntu_upgrade);
	/* CVE-1 in libos sits in both actions: resolved only when both are done. */
	const struct vulns_finding *cve1 = NULL;
	for (size_t i = 0; i < f->plan.finding_count; i++)
		if (!strcmp(f->plan.findings[i].id, "CVE-1") &&
		    !strcmp(f->plan.findings[i].package, "libos"))
			cve1 = &f->plan.findings[i];
	assert_non_null(cve1);
	assert_int_equal(cve1->images, 4);
	/*
	 * The rebuild (4 pairs) outranks both upgrades (3 pairs each; libos has more
	 * findings than libapp) but resolves nothing alone: every libos finding is
	 * also on c:1. With the libos upgrade all three are gone.
	 */
	build(f, 1);
	assert_int_equal(f->plan.actions[0].kind, VULNS_ACTION_REBUILD);
	assert_int_equal(f->plan.actions[0].score, 4 * 6 * 4);
	assert_string_equal(f->plan.actions[1].package, "libos");
	assert_int_equal(f->plan.now.total - f->plan.after_top.total, 0);
	build(f, 2);
	assert_int_equal(f->plan.now.total - f->plan.after_top.total, 3);
}

static void test_empty_estate(void **state)
{
	struct fixture *f = *state;
	build(f, 10);
	assert_int_equal(f->plan.action_count, 0);
	assert_int_equal(f->plan.now.total, 0);
	assert_int_equal(f->plan.image_count, 0);
	assert_false(f->plan.has_workloads);
}

/* One report of image `id` tagged `tag`, with one finding of `type` fixed in `fixed`. */
static void add_origin_report(struct vulns_estate *estate, const char *tag, const char *family,
			      const char *type, enum scan_package_class class, const char *fixed)
{
	const char *const fixed_versions[] = {fixed};
	const char *const tags[] = {tag};
	struct scan_finding finding = {.id = "CVE-9",
				       .package = "libx",
				       .installed = "1.0",
				       .fixed = fixed_versions,
				       .fixed_count = fixed ? 1 : 0,
				       .type = type,
				       .severity = SCAN_SEVERITY_HIGH,
				       .package_class = class};
	struct scan_report report = {.path = tag,
				     .artifact = tag,
				     .image_id = "sha256:same",
				     .repo_tags = tags,
				     .repo_tag_count = 1,
				     .os_family = family,
				     .os_version = family ? "1" : NULL,
				     .findings = &finding,
				     .finding_count = 1};
	vulns_add_report(estate, &report, 0);
	vulns_add_workload(estate, tag, false);
}

static void add_origin(struct vulns_estate *estate, unsigned long origin)
{
	vulns_estate_set_origin(estate, origin);
	switch (origin) {
	case 0:
		add_origin_report(estate, "x:zero", NULL, "", SCAN_PACKAGE_APP, NULL);
		break;
	case 1:
		add_origin_report(estate, "x:one", "debian", "deb", SCAN_PACKAGE_OS, "v2.0");
		break;
	default:
		add_origin_report(estate, "x:two", "alpine", "apk", SCAN_PACKAGE_APP, "2.0");
	}
}

/*
 * Where the first report decides (an image's name and OS, a finding's type,
 * class, and which spelling of equal fixed versions is shown), estates built
 * per origin and merged in any order agree with one estate fed in order.
 */
static void test_merged_estates_agree_with_one_estate(void **state)
{
	struct fixture *f = *state;
	for (unsigned long origin = 0; origin < 3; origin++)
		add_origin(f->estate, origin);
	build(f, 10);
	struct vulns_estate *merged = vulns_estate_new();
	for (unsigned long origin = 3; origin-- > 0;) {
		struct vulns_estate *part = vulns_estate_new();
		add_origin(part, origin);
		vulns_estate_merge(merged, part);
		vulns_estate_free(part);
	}
	struct vulns_plan plan;
	vulns_plan_build(merged, 10, &plan);
	assert_int_equal(plan.image_count, 1);
	assert_int_equal(f->plan.image_count, 1);
	assert_string_equal(f->plan.images[0].name, "x:zero");
	assert_string_equal(plan.images[0].name, "x:zero");
	assert_string_equal(plan.images[0].os_family, "debian");
	assert_int_equal(plan.images[0].reports, 3);
	assert_int_equal(plan.images[0].workloads, f->plan.images[0].workloads);
	assert_int_equal(plan.finding_count, 1);
	assert_string_equal(f->plan.findings[0].type, "deb");
	assert_string_equal(plan.findings[0].type, "deb");
	assert_int_equal(plan.findings[0].package_class, SCAN_PACKAGE_APP);
	assert_string_equal(f->plan.findings[0].fixed, "v2.0");
	assert_string_equal(plan.findings[0].fixed, "v2.0");
	assert_int_equal(plan.occurrences, f->plan.occurrences);
	assert_int_equal(plan.action_count, f->plan.action_count);
	assert_int_equal(plan.actions[0].score, f->plan.actions[0].score);
	assert_int_equal(plan.reports, 3);
	vulns_plan_release(&plan);
	vulns_estate_free(merged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test(test_version_compare_is_a_total_order),
		cmocka_unit_test_setup_teardown(test_deduplicates_across_reports_and_tools, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_actions_ranking_and_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_environment_weight_changes_the_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_workloads_weigh_running_and_internet_facing_images, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_needs_a_shared_base_and_a_majority,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_estate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merged_estates_agree_with_one_estate, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
