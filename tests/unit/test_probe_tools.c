/*
 * Unit tests for the tools probe family and models/tool-mappings.yaml:
 * the shipped table loads and says what docs/probes.md says, broken tables
 * give file:line:column diagnostics with suggestions, lookups follow the
 * documented precedence, and kube-bench (both JSON shapes),
 * docker-bench-security, Lynis, trivy k8s, Kubescape and Polaris reports
 * become exact results, with unmapped checks counted.
 */
#include "core/catalog.h"
#include "probe/tools.h"
#include "probe_test_support.h"

#define TOOLS(name)    FIXTURE("probe_tools/" name)
#define MAPPINGS(name) FIXTURE("tool_mappings/" name)

/* The shipped table, loaded once for the group (the shared fixture holds the models). */
static struct tool_mappings shipped;

static int setup(void **state)
{
	if (probe_fixture_setup(state) < 0)
		return -1;
	struct probe_fixture *f = *state;
	if (tool_mappings_load_default(&shipped, SRGAP_TEST_DATA_DIR, &f->models.catalog,
				       &f->diags) < 0) {
		print_diags(&f->diags);
		return -1;
	}
	f->settings.tool_mappings = &shipped;
	return 0;
}

static int teardown(void **state)
{
	tool_mappings_release(&shipped);
	return probe_fixture_teardown(state);
}

static const char *first_control(const char *const *controls)
{
	return controls ? controls[0] : NULL;
}

/* ------------------------------------------------------------------ the mapping table */

static void test_shipped_table_lookups(void **state)
{
	struct probe_fixture *t = *state;
	const struct tool_mappings *m = &shipped;
	assert_int_equal(t->diags.count, 0);
	assert_string_equal(m->reviewed, "2026-11-29");
	/* Exact ids of the version table. */
	const char *const *c = tool_mappings_find(m, TOOL_KUBE_BENCH, "cis-1.24", "1.2.29");
	assert_string_equal(c[0], "4.1.4c");
	assert_string_equal(c[1], "4.3.2e");
	assert_null(c[2]);
	assert_string_equal(
		first_control(tool_mappings_find(m, TOOL_KUBE_BENCH, "cis-1.24", "4.2.1")),
		"4.3.2b");
	/* Section prefixes hold in every CIS version, including old "1.5" reports. */
	assert_string_equal(first_control(tool_mappings_find(m, TOOL_KUBE_BENCH, "cis-1.9", "2.3")),
			    "4.3.5b");
	assert_string_equal(first_control(tool_mappings_find(m, TOOL_KUBE_BENCH, "1.5", "1.1.12")),
			    "4.5.1b");
	/* ...but exact ids do not leak into versions they were not checked against. */
	assert_null(tool_mappings_find(m, TOOL_KUBE_BENCH, "cis-1.9", "1.2.29"));
	assert_null(tool_mappings_find(m, TOOL_KUBE_BENCH, "cis-1.24", "1.2.22"));
	assert_false(tool_mappings_covers(m, TOOL_KUBE_BENCH, "eks-1.2.0"));
	assert_true(tool_mappings_covers(m, TOOL_KUBE_BENCH, "cis-1.10"));
	/* docker-bench: exact beats prefix. */
	assert_string_equal(
		first_control(tool_mappings_find(m, TOOL_DOCKER_BENCH, "1.3.6", "1.1.2")),
		"4.5.4b");
	assert_string_equal(
		first_control(tool_mappings_find(m, TOOL_DOCKER_BENCH, "1.3.6", "1.1.17")),
		"4.5.4a");
	assert_string_equal(
		first_control(tool_mappings_find(m, TOOL_DOCKER_BENCH, "1.3.6", "3.16")), "4.5.4b");
	assert_string_equal(first_control(tool_mappings_find(m, TOOL_DOCKER_BENCH, "1.3.6", "3.2")),
			    "4.5.1b");
	assert_false(tool_mappings_covers(m, TOOL_DOCKER_BENCH, "1.6.0"));
	assert_string_equal(first_control(tool_mappings_find(m, TOOL_LYNIS, "3.1.4", "ACCT-9628")),
			    "4.5.4a");
	assert_null(tool_mappings_find(m, TOOL_LYNIS, "3.1.4", "BOOT-5122"));
	assert_null(tool_mappings_find(m, TOOL_LYNIS, "3.1.4", NULL));
}

/* Every control the shipped table names is in the catalog (the loader checks it too). */
static void test_shipped_controls_exist(void **state)
{
	struct probe_fixture *t = *state;
	size_t checks = 0;
	for (size_t tool = 0; tool < TOOL_COUNT; tool++) {
		assert_true(shipped.table_count[tool] > 0);
		for (size_t i = 0; i < shipped.table_count[tool]; i++) {
			const struct tool_table *table = &shipped.tables[tool][i];
			for (size_t c = 0; c < table->check_count; c++, checks++)
				for (size_t k = 0; table->checks[c].controls[k]; k++)
					assert_non_null(catalog_find_control(
						&t->models.catalog, table->checks[c].controls[k]));
		}
	}
	assert_true(checks > 100);
}

static void test_custom_table_precedence(void **state)
{
	struct probe_fixture *t = *state;
	struct tool_mappings m;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(
		tool_mappings_load(&m, MAPPINGS("custom.yaml"), &t->models.catalog, &diags), 0);
	/* The first applicable table with a match decides; exact beats prefix within it. */
	assert_string_equal(
		first_control(tool_mappings_find(&m, TOOL_KUBE_BENCH, "eks-1.2.0", "3.1.1")),
		"4.5.5b");
	assert_string_equal(
		first_control(tool_mappings_find(&m, TOOL_KUBE_BENCH, "eks-1.2.0", "3.1.4")),
		"4.5.1b");
	/* No match in the EKS table: the catch-all's longest prefix. */
	assert_string_equal(
		first_control(tool_mappings_find(&m, TOOL_KUBE_BENCH, "eks-1.2.0", "3.2.1")),
		"4.3.2d");
	assert_string_equal(
		first_control(tool_mappings_find(&m, TOOL_KUBE_BENCH, "cis-1.24", "3.1.1")),
		"4.3.2b");
	assert_string_equal(first_control(tool_mappings_find(&m, TOOL_LYNIS, "3.0.9", "KRNL-5820")),
			    "4.5.3a");
	assert_string_equal(first_control(tool_mappings_find(&m, TOOL_LYNIS, "3.0.9", "KRNL-6000")),
			    "4.5.1b");
	assert_null(tool_mappings_find(&m, TOOL_LYNIS, "2.7.5", "KRNL-6000"));
	assert_null(tool_mappings_find(&m, TOOL_DOCKER_BENCH, "1.3.6", "5.4"));
	tool_mappings_release(&m);
	diag_list_release(&diags);
}

static void test_broken_table_diagnostics(void **state)
{
	struct probe_fixture *t = *state;
	struct tool_mappings m;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(tool_mappings_load(&m, MAPPINGS("bad.yaml"), &t->models.catalog, &diags),
			 -1);
	expect_diag(&diags, "tool-mappings.bad-date", 2, 11, "2026-13-01");
	expect_diag(&diags, "tool-mappings.unknown-key", 7, 7, "did you mean 'checks'");
	expect_diag(&diags, "tool-mappings.missing-key", 5, 7, "needs 'checks'");
	expect_diag(&diags, "tool-mappings.unknown-control", 11, 19,
		    "unknown control '4.3.2x' (did you mean");
	expect_diag(&diags, "tool-mappings.unknown-control", 12, 19,
		    "'4.3.2' is a group; map to its controls (4.3.2a to 4.3.2e)");
	expect_diag(&diags, "tool-mappings.bad-check-id", 13, 9, "'1 2 3' is not a check id");
	expect_diag(&diags, "tool-mappings.duplicate-control", 14, 27, "listed twice");
	expect_diag(&diags, "tool-mappings.bad-value", 15, 18, "must map to a list of controls");
	expect_diag(&diags, "tool-mappings.bad-value", 16, 3,
		    "unknown tool 'kubebench' (did you mean 'kube-bench'?)");
	expect_diag(&diags, "tool-mappings.missing-key", 21, 7, "needs 'versions'");
	assert_error_count(&diags, 10);
	tool_mappings_release(&m);
	diag_list_release(&diags);

	diag_list_init(&diags);
	assert_int_equal(
		tool_mappings_load(&m, MAPPINGS("no-such-file.yaml"), &t->models.catalog, &diags),
		-1);
	assert_int_equal(count_code(&diags, "tool-mappings.unreadable"), 1);
	tool_mappings_release(&m);
	diag_list_release(&diags);
}

/* ------------------------------------------------------------------ kube-bench */

static void test_kube_bench_run(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("kube-bench-run.json"));
	const struct probe_result *x;
	x = expect_result(r, "tools.kube-bench.check", "kube-bench 1.2.1 (master)", PROBE_PASS,
			  "/Controls/0/tests/0/results/0",
			  "PASS: Ensure that the --anonymous-auth argument is set to false");
	assert_string_equal(x->controls[0], "4.3.2b");
	assert_null(x->controls[1]);
	assert_non_null(strstr(x->file, "kube-bench-run.json"));
	x = expect_result(r, "tools.kube-bench.check", "kube-bench 1.2.18 (master)", PROBE_FAIL,
			  "/Controls/0/tests/0/results/1",
			  "FAIL: Ensure that the --audit-log-path");
	assert_string_equal(x->controls[0], "4.3.2d");
	expect_result(r, "tools.kube-bench.check", "kube-bench 1.2.29 (master)", PROBE_SKIP,
		      "/Controls/0/tests/0/results/3", "WARN, kube-bench could not verify it");
	x = expect_result(r, "tools.kube-bench.check", "kube-bench 5.1.1 (policies)", PROBE_SKIP,
			  "/Controls/1/tests/0/results/0",
			  "WARN, a manual check kube-bench does not verify");
	assert_string_equal(x->controls[0], "4.3.1a");
	x = expect_result(r, "tools.kube-bench.check", "kube-bench 5.3.2 (policies)", PROBE_FAIL,
			  "/Controls/1/tests/0/results/1", "NetworkPolicies");
	assert_string_equal(x->controls[0], "4.3.3b");
	expect_result(r, "tools.kube-bench.check", "kube-bench 5.1.3 (policies)", PROBE_ERROR,
		      "/Controls/1/tests/0/results/3", "status 'SKIPPED' is not PASS");
	/* 1.2.22 and 5.6.9 (INFO) are not mapped: neither is reported. */
	assert_int_equal(r->count, 6);
}

static void test_kube_bench_collection(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("kube-bench-collection.json"));
	const struct probe_result *x;
	x = expect_result(r, "tools.kube-bench.check", "kube-bench 4.1.1 (node)", PROBE_PASS,
			  "/0/tests/0/results/0", "PASS");
	assert_string_equal(x->controls[0], "4.5.1b");
	expect_result(r, "tools.kube-bench.check", "kube-bench 4.2.4 (node)", PROBE_FAIL,
		      "/0/tests/0/results/1", "--read-only-port");
	/* A benchmark no table covers: one error for the block, nothing guessed. */
	x = expect_result(r, "tools.kube-bench.check", "kube-bench node checks", PROBE_ERROR, "/1",
			  "applies to kube-bench version 'eks-1.2.0'");
	assert_null(x->controls[0]);
	assert_int_equal(r->count, 3);
}

/* ------------------------------------------------------------------ docker-bench */

static void test_docker_bench(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("docker-bench.json"));
	const struct probe_result *x;
	expect_result(r, "tools.docker-bench.check", "docker-bench 1.1.1", PROBE_PASS,
		      "/tests/0/results/0", "PASS: Ensure a separate partition");
	x = expect_result(r, "tools.docker-bench.check", "docker-bench 1.1.3", PROBE_FAIL,
			  "/tests/0/results/1", "WARN: Ensure auditing is configured");
	assert_string_equal(x->controls[0], "4.5.4a");
	expect_result(r, "tools.docker-bench.check", "docker-bench 1.1.5", PROBE_SKIP,
		      "/tests/0/results/2", "INFO, informational, not a verdict");
	expect_result(r, "tools.docker-bench.check", "docker-bench 1.1.5", PROBE_SKIP, NULL,
		      "(Directory not found)");
	x = expect_result(r, "tools.docker-bench.check", "docker-bench 2.5", PROBE_FAIL,
			  "/tests/1/results/1", "insecure registries");
	assert_string_equal(x->controls[0], "4.2.1b");
	x = expect_result(r, "tools.docker-bench.check", "docker-bench 5.4", PROBE_FAIL,
			  "/tests/2/results/0", "(Containers running in privileged mode:  web_1)");
	assert_string_equal(x->controls[0], "4.4.3a");
	expect_result(r, "tools.docker-bench.check", "docker-bench 5.12", PROBE_PASS,
		      "/tests/2/results/2", "read only");
	/* 2.3 (logging level) and 5.8 (ports) are not mapped. */
	assert_int_equal(r->count, 6);

	r = run_fixture(state, TOOLS("docker-bench-new.json"));
	expect_result(r, "tools.docker-bench.check", "docker-bench report", PROBE_ERROR, "",
		      "applies to docker-bench-security version '1.6.0'");
	assert_int_equal(r->count, 1);
}

/* ------------------------------------------------------------------ Lynis */

static void test_lynis(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("lynis-report.dat"));
	const struct probe_result *x;
	x = expect_result(r, "tools.lynis.test", "Lynis ACCT-9628 on node-7", PROBE_FAIL, NULL,
			  "warning: auditd is not running");
	assert_null(x->pointer); /* a text report has no JSON pointer */
	assert_non_null(strstr(x->file, "lynis-report.dat"));
	assert_string_equal(x->controls[0], "4.5.4a");
	expect_result(r, "tools.lynis.test", "Lynis KRNL-5820 on node-7", PROBE_FAIL, NULL,
		      "suggestion: If not required, consider explicit disabling of core dump");
	x = expect_result(r, "tools.lynis.test", "Lynis NETW-3200 on node-7", PROBE_FAIL, NULL,
			  "'dccp' is really needed on this system (and more findings)");
	expect_result(r, "tools.lynis.test", "Lynis KRNL-6000 on node-7", PROBE_PASS, NULL,
		      "no warning or suggestion");
	expect_result(r, "tools.lynis.test", "Lynis FINT-4350 on node-7", PROBE_PASS, NULL, NULL);
	expect_result(r, "tools.lynis.test", "Lynis MACF-6208 on node-7", PROBE_SKIP, NULL,
		      "Lynis skipped the test");
	expect_result(r, "tools.lynis.test", "Lynis CONT-8104 on node-7", PROBE_SKIP, NULL,
		      "skipped");
	for (size_t i = 0; i < r->count; i++)
		assert_null(r->items[i].pointer);
	/* BOOT-5122 is not mapped: counted, not reported. */
	assert_int_equal(r->count, 7);
	assert_int_equal(r->unmapped_checks, 1);

	r = run_fixture(state, TOOLS("lynis-old.dat"));
	expect_result(r, "tools.lynis.test", "Lynis report", PROBE_ERROR, "", "names no version");
	assert_int_equal(r->count, 1);
}

/* ------------------------------------------------------------------ cluster scanners */

static void test_trivy_k8s(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("trivy-k8s"));
	const char *check = "tools.trivy.check";
	const struct probe_result *x = expect_result(
		r, check, "trivy KSV-0017 deployment shop/web", PROBE_FAIL,
		"/Resources/1/Results/0/Misconfigurations/0", "FAIL: Privileged container");
	assert_string_equal(x->controls[0], "4.4.3a");
	/* The old id spelling (KSV001, AVD-KSV-0001) is the same check. */
	x = expect_result(r, check, "trivy KSV-0001 deployment shop/web", PROBE_FAIL,
			  "/Resources/1/Results/0/Misconfigurations/1", "Can elevate");
	assert_string_equal(x->controls[0], "4.4.3b");
	expect_result(r, check, "trivy KSV-0014 deployment shop/web", PROBE_PASS, NULL, "PASS");
	expect_result(r, check, "trivy KSV-0030 deployment shop/web", PROBE_SKIP, NULL,
		      "an exception accepts it");
	expect_result(r, check, "trivy KSV-0044 clusterrole ops-all", PROBE_FAIL, NULL, "wildcard");
	x = expect_result(r, check, "trivy cronjob batch/report", PROBE_ERROR, "/Resources/3",
			  "trivy could not scan it: unable to pull image");
	assert_null(x->controls[0]);
	/* KSV-0015 (CPU requests) maps to no control: counted, not reported. */
	assert_null(find_result(r, check, "trivy KSV-0015 deployment shop/web"));
	assert_int_equal(r->unmapped_checks, 1);
	/* The images it scanned are judged like `trivy image` reports, at their own pointers. */
	expect_result(r, "image.report.vulnerabilities", "image registry.example.com/shop/web:1.4",
		      PROBE_FAIL, "/Resources/0/Results/0/Vulnerabilities/0", "CVE-2024-2511");
	/* ... and cover the workloads that run them; a scan of the cluster is a runtime scan. */
	expect_result(r, "image.scan.running-images", "deployment shop/web container web",
		      PROBE_PASS, NULL, "which a scanner report covers");
	expect_result(r, "image.scan.running-images", "deployment shop/web container proxy",
		      PROBE_FAIL, NULL, "no scanner report");
	expect_result(r, "image.scan.stage-age", "runtime scanning", PROBE_ERROR, NULL,
		      "none dated");
	assert_int_equal(r->unrecognized_count, 0);
}

static void test_kubescape(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("kubescape.json"));
	const char *check = "tools.kubescape.control";
	const struct probe_result *x =
		expect_result(r, check, "kubescape C-0057 deployment shop/web", PROBE_FAIL,
			      "/results/0/controls/0", "failed: Privileged container");
	assert_string_equal(x->controls[0], "4.4.3a");
	expect_result(r, check, "kubescape C-0017 deployment shop/web", PROBE_PASS,
		      "/results/0/controls/1", NULL);
	expect_result(r, check, "kubescape C-0055 deployment shop/web", PROBE_SKIP, NULL,
		      "skipped");
	expect_result(r, check, "kubescape C-0035 deployment shop/web", PROBE_SKIP, NULL,
		      "irrelevant");
	/* The older format has no control status: a failed rule fails the control. */
	expect_result(r, check, "kubescape C-0016 deployment legacy", PROBE_FAIL,
		      "/results/1/controls/0", "Allow privilege escalation");
	assert_int_equal(r->count, 5);
	assert_int_equal(r->unmapped_checks, 1); /* C-0044, hostPort */
}

static void test_polaris(void **state)
{
	struct probe_results *r = run_fixture(state, TOOLS("polaris.json"));
	const char *check = "tools.polaris.check";
	const struct probe_result *x = expect_result(
		r, check, "polaris runAsPrivileged deployment shop/web container web", PROBE_FAIL,
		"/Results/0/PodResult/ContainerResults/0/Results/runAsPrivileged",
		"danger: Should not be running as privileged");
	assert_string_equal(x->controls[0], "4.4.3a");
	expect_result(r, check,
		      "polaris notReadOnlyRootFilesystem deployment shop/web container web",
		      PROBE_PASS, NULL, "passed");
	expect_result(r, check, "polaris automountServiceAccountToken deployment shop/web",
		      PROBE_FAIL, "/Results/0/PodResult/Results/automountServiceAccountToken",
		      "warning");
	expect_result(r, check, "polaris hostIPCSet deployment shop/web", PROBE_PASS, NULL, NULL);
	assert_int_equal(r->count, 4);
	/* deploymentMissingReplicas and cpuRequestsMissing are reliability, not security. */
	assert_int_equal(r->unmapped_checks, 2);
}

static void test_without_a_mapping_table(void **state)
{
	struct probe_fixture *t = *state;
	t->settings.tool_mappings = NULL;
	struct probe_results *r = run_fixture(state, TOOLS("docker-bench.json"));
	t->settings.tool_mappings = &shipped;
	expect_result(r, "tools.docker-bench.check", "docker-bench report", PROBE_ERROR, "",
		      "no tool mapping table is loaded");
	assert_int_equal(r->count, 1);
}

/* The whole folder: every file recognized, nothing unrecognized. */
static void test_folder(void **state)
{
	struct probe_results *r = run_fixture(state, FIXTURE("probe_tools"));
	assert_int_equal(r->files_read, 10);
	assert_int_equal(r->unrecognized_count, 0);
	assert_int_equal(count_results(r, "tools.kube-bench.check"), 6 + 3);
	assert_int_equal(count_results(r, "tools.docker-bench.check"), 6 + 1);
	assert_int_equal(count_results(r, "tools.lynis.test"), 7 + 1);
	assert_int_equal(count_results(r, "tools.kubescape.control"), 5);
	assert_int_equal(count_results(r, "tools.polaris.check"), 4);
	assert_int_equal(count_results(r, "tools.trivy.check"), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_table_lookups),
		cmocka_unit_test(test_shipped_controls_exist),
		cmocka_unit_test(test_custom_table_precedence),
		cmocka_unit_test(test_broken_table_diagnostics),
		cmocka_unit_test(test_kube_bench_run),
		cmocka_unit_test(test_kube_bench_collection),
		cmocka_unit_test(test_docker_bench),
		cmocka_unit_test(test_lynis),
		cmocka_unit_test(test_trivy_k8s),
		cmocka_unit_test(test_kubescape),
		cmocka_unit_test(test_polaris),
		cmocka_unit_test(test_without_a_mapping_table),
		cmocka_unit_test(test_folder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
