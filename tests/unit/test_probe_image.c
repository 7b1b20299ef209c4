/*
 * Unit tests for the image probe family: Trivy and Grype reports (the
 * vulnerability threshold with and without a policy, secrets,
 * misconfigurations, the image user), `docker inspect` of images and of
 * containers, and the error results for unreadable or incomplete evidence.
 */
#include "core/scan_coverage.h"
#include "probe_test_support.h"

#define IMAGE(name) FIXTURE("probe_image/" name)

/* ------------------------------------------------------------------ Trivy and Grype */

static void test_trivy_fixable_critical_fails(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("trivy-critical.json"));
	const char *image = "image registry.example.com/shop/api:1.4";
	/* One CVE in two packages: two findings, the id named once; the unfixed one not counted. */
	const struct probe_result *vulns = expect_result(
		r, "image.report.vulnerabilities", image, PROBE_FAIL,
		"/Results/0/Vulnerabilities/0", "2 fixable critical findings: CVE-2026-0001");
	assert_null(strstr(vulns->detail, "CVE-2026-0002"));
	assert_null(strstr(vulns->detail, "CVE-2026-0001, CVE-2026-0001"));
	const struct probe_result *secrets =
		expect_result(r, "image.report.secrets", image, PROBE_FAIL, "/Results/1/Secrets/0",
			      "1 embedded secret (aws-access-key-id)");
	assert_null(strstr(secrets->detail, "AWS_ACCESS_KEY_ID="));
	expect_result(r, "image.report.user", image, PROBE_FAIL, "/Metadata/ImageConfig/config",
		      "runs as root (no USER");
	/* An image scan did not look for misconfigurations: no verdict. */
	assert_int_equal(count_results(r, "image.report.misconfigurations"), 0);
	assert_int_equal(r->count, 3);
}

static void test_trivy_below_threshold_passes(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("trivy-clean.json"));
	const char *image = "image registry.example.com/shop/web:2.0";
	expect_result(r, "image.report.vulnerabilities", image, PROBE_PASS, "/Results",
		      "no fixable critical findings (1 below the threshold; 1 critical without a "
		      "fix yet)");
	expect_result(r, "image.report.secrets", image, PROBE_PASS, "/Results", "no embedded");
	expect_result(r, "image.report.user", image, PROBE_PASS,
		      "/Metadata/ImageConfig/config/User", "10001:10001");
}

static void test_policy_lowers_the_threshold(void **state)
{
	struct probe_fixture *f = *state;
	struct probe_policy policy = {.fail_on = "high", .fixable_only = true};
	f->settings.policy = &policy;
	struct probe_results *r = run_fixture(state, IMAGE("trivy-clean.json"));
	expect_result(r, "image.report.vulnerabilities", "image registry.example.com/shop/web:2.0",
		      PROBE_FAIL, "/Results/0/Vulnerabilities/0",
		      "1 fixable high or worse finding: CVE-2026-0100");
	/* Counting unfixed findings too catches the critical that has no fix. */
	policy.fail_on = "CRITICAL";
	policy.fixable_only = false;
	r = run_fixture(state, IMAGE("trivy-clean.json"));
	expect_result(r, "image.report.vulnerabilities", "image registry.example.com/shop/web:2.0",
		      PROBE_FAIL, "/Results/0/Vulnerabilities/1",
		      "1 critical finding: CVE-2026-0101");
	policy.fail_on = "severe";
	r = run_fixture(state, IMAGE("trivy-clean.json"));
	expect_result(r, "image.report.vulnerabilities", "image registry.example.com/shop/web:2.0",
		      PROBE_ERROR, "", "'severe' is not a severity");
	f->settings.policy = NULL;
}

static void test_grype_reports(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("grype-fixed.json"));
	/* Negligible is below the bar; wont-fix has no fixed version. */
	const struct probe_result *vulns =
		expect_result(r, "image.report.vulnerabilities", "image ghcr.io/acme/report:2.1",
			      PROBE_FAIL, "/matches/1", "1 fixable critical finding: GHSA-aaaa");
	assert_null(strstr(vulns->detail, "CVE-2026-0201"));
	/* Grype looks for neither secrets nor misconfigurations and records no image user. */
	assert_int_equal(r->count, 1);
	r = run_fixture(state, IMAGE("grype-clean.json"));
	expect_result(r, "image.report.vulnerabilities", "image busybox:1.36", PROBE_PASS,
		      "/matches", "no fixable critical findings (0 below");
}

static void test_trivy_misconfigurations(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("trivy-config.json"));
	expect_result(r, "image.report.misconfigurations", "filesystem deploy/", PROBE_FAIL,
		      "/Results/0/Misconfigurations/0",
		      "2 failed misconfiguration checks: KSV001, "
		      "KSV012");
	/* A config scan is not a vulnerability or secret scan: no verdict on those. */
	assert_int_equal(r->count, 1);
	r = run_fixture(state, IMAGE("trivy-config-clean.json"));
	expect_result(r, "image.report.misconfigurations", "filesystem deploy/", PROBE_PASS,
		      "/Results", "every misconfiguration check");
}

static void test_unsupported_report_is_an_error(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("trivy-schema-1.json"));
	expect_result(r, "image.report.vulnerabilities", "report old:1", PROBE_ERROR, "",
		      "SchemaVersion 1 is not supported");
	assert_int_equal(r->unrecognized_count, 0);
}

/* ------------------------------------------------------------------ docker inspect */

static void test_docker_images(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("docker-images.json"));
	const struct probe_result *env =
		expect_result(r, "image.config.env-secrets", "image acme/legacy:3", PROBE_FAIL,
			      "/0/Config/Env/1", "API_TOKEN");
	assert_null(strstr(env->detail, "ghp_"));
	expect_result(r, "image.config.ssh-port", "image acme/legacy:3", PROBE_FAIL,
		      "/0/Config/ExposedPorts/22~1tcp", "port 22");
	expect_result(r, "image.config.user", "image acme/legacy:3", PROBE_FAIL, "/0/Config/User",
		      "runs as root");
	/* SECRET_FILE points at a secret; it does not hold one. */
	expect_result(r, "image.config.env-secrets", "image acme/api:1.4", PROBE_PASS,
		      "/1/Config/Env", NULL);
	expect_result(r, "image.config.ssh-port", "image acme/api:1.4", PROBE_PASS,
		      "/1/Config/ExposedPorts", NULL);
	expect_result(r, "image.config.user", "image acme/api:1.4", PROBE_PASS, "/1/Config/User",
		      "user app");
}

static void test_docker_containers(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("docker-containers.json"));
	const char *web = "container web (nginx:latest)";
	expect_result(r, "image.container.privileged", web, PROBE_FAIL, "/0/HostConfig/Privileged",
		      "--privileged");
	expect_result(r, "image.container.capabilities", web, PROBE_FAIL, "/0/HostConfig/CapAdd/0",
		      "adds capabilities SYS_ADMIN and does not drop ALL");
	expect_result(r, "image.container.read-only-root-filesystem", web, PROBE_FAIL,
		      "/0/HostConfig/ReadonlyRootfs", "writable");
	expect_result(r, "image.container.host-namespaces", web, PROBE_FAIL,
		      "/0/HostConfig/NetworkMode", "network and PID namespaces");
	expect_result(r, "image.container.bind-mounts", web, PROBE_FAIL, "/0/Mounts/0/Source",
		      "/var/run/docker.sock");
	expect_result(r, "image.container.memory-limit", web, PROBE_FAIL, "/0/HostConfig/Memory",
		      "no memory limit");
	expect_result(r, "image.container.no-new-privileges", web, PROBE_FAIL,
		      "/0/HostConfig/SecurityOpt", "not set");
	expect_result(r, "image.container.user", web, PROBE_FAIL, "/0/Config/User", "root");

	const char *api = "container api (acme/api:1.4)";
	expect_result(r, "image.container.privileged", api, PROBE_PASS, "/1/HostConfig/Privileged",
		      NULL);
	expect_result(r, "image.container.capabilities", api, PROBE_PASS, "/1/HostConfig/CapDrop",
		      "drops ALL");
	expect_result(r, "image.container.read-only-root-filesystem", api, PROBE_PASS,
		      "/1/HostConfig/ReadonlyRootfs", NULL);
	expect_result(r, "image.container.host-namespaces", api, PROBE_PASS, "/1/HostConfig", NULL);
	expect_result(r, "image.container.bind-mounts", api, PROBE_PASS, "/1/Mounts",
		      "outside sensitive");
	expect_result(r, "image.container.memory-limit", api, PROBE_PASS, "/1/HostConfig/Memory",
		      "256 MiB");
	expect_result(r, "image.container.no-new-privileges", api, PROBE_PASS,
		      "/1/HostConfig/SecurityOpt/0", NULL);
	expect_result(r, "image.container.user", api, PROBE_PASS, "/1/Config/User", "1000:1000");
	/* Two running containers and no scanner report in the fixture: both uncovered. */
	expect_result(r, "image.scan.running-images", api, PROBE_FAIL, "/1", "no scanner report");
	assert_int_equal(r->count, 18);
}

static void test_docker_container_missing_fields_are_errors(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("docker-container-sparse.json"));
	static const char *const probes[] = {
		"image.container.privileged",	     "image.container.capabilities",
		"image.container.host-namespaces",   "image.container.memory-limit",
		"image.container.no-new-privileges", "image.container.read-only-root-filesystem",
	};
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		expect_result(r, probes[i], "container sparse", PROBE_ERROR, "/0/HostConfig",
			      "docker inspect always prints it");
	expect_result(r, "image.container.bind-mounts", "container sparse", PROBE_ERROR, "/0",
		      "Mounts is missing");
	expect_result(r, "image.container.user", "container sparse", PROBE_ERROR, "/0/Config",
		      NULL);
	/* A value of another type than docker prints is not read as a setting either way. */
	expect_result(r, "image.container.privileged", "container odd", PROBE_ERROR,
		      "/1/HostConfig/Privileged", "not what docker inspect prints");
	expect_result(r, "image.container.memory-limit", "container odd", PROBE_ERROR,
		      "/1/HostConfig/Memory", NULL);
	/* Docker writes null for an empty CapAdd: that is no capability added, not an error. */
	expect_result(r, "image.container.capabilities", "container odd", PROBE_FAIL,
		      "/1/HostConfig/CapDrop", "does not drop ALL");
	assert_int_equal(count_results(r, "image.container.privileged"), 2);
}

/* ------------------------------------------------------------------ life-cycle coverage */

static void test_scan_stages_from_folders(void **state)
{
	struct probe_results *r = run_fixture(state, IMAGE("stages"));
	/* build/ scanned 6 days before the assessment date: within the default 7. */
	const struct probe_result *build =
		expect_result(r, "image.scan.stage-age", "build (CI) scanning", PROBE_PASS, NULL,
			      "1 report, the newest from 2026-11-12 (6 days old)");
	assert_string_equal(build->controls[0], "4.1.1a");
	assert_non_null(strstr(build->file, "stages/build/api.json"));
	/* registry/ scanned 48 days before: stale. */
	const struct probe_result *registry =
		expect_result(r, "image.scan.stage-age", "registry scanning", PROBE_FAIL, NULL,
			      "from 2026-10-01, 48 days old; the policy allows 7");
	assert_string_equal(registry->controls[0], "4.1.1b");
	/* No runtime reports: no result, so a runtime-scanning claim cannot become met. */
	assert_null(find_result(r, "image.scan.stage-age", "runtime scanning"));
	/* The deployment runs api (scanned at build) and worker (scanned nowhere). */
	expect_result(r, "image.scan.running-images", "deployment shop/shop container api",
		      PROBE_PASS, "/spec/template/spec/containers/0/image",
		      "scanner report covers");
	expect_result(r, "image.scan.running-images", "deployment shop/shop container worker",
		      PROBE_FAIL, "/spec/template/spec/containers/1/image", "no scanner report");
}

static void test_scan_stage_declared_in_the_inventory(void **state)
{
	struct probe_fixture *f = *state;
	f->settings.scan_max_age_days = 3;
	struct probe_run *run = probe_run_new(&f->settings, &f->results);
	probe_run_declare_stage(run, SCAN_STAGE_RUNTIME);
	assert_int_equal(probe_run_path(run, IMAGE("declared"), NULL, &f->diags), 0);
	probe_run_free(run);
	/* Scanned 2026-11-14, 4 days before: stale under a 3-day policy. */
	const struct probe_result *runtime =
		expect_result(&f->results, "image.scan.stage-age", "runtime scanning", PROBE_FAIL,
			      NULL, "4 days old; the policy allows 3");
	assert_string_equal(runtime->controls[0], "4.1.1c");
	f->settings.scan_max_age_days = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trivy_fixable_critical_fails),
		cmocka_unit_test(test_trivy_below_threshold_passes),
		cmocka_unit_test(test_policy_lowers_the_threshold),
		cmocka_unit_test(test_grype_reports),
		cmocka_unit_test(test_trivy_misconfigurations),
		cmocka_unit_test(test_unsupported_report_is_an_error),
		cmocka_unit_test(test_docker_images),
		cmocka_unit_test(test_docker_containers),
		cmocka_unit_test(test_docker_container_missing_fields_are_errors),
		cmocka_unit_test(test_scan_stages_from_folders),
		cmocka_unit_test(test_scan_stage_declared_in_the_inventory),
	};
	return cmocka_run_group_tests(tests, probe_fixture_setup, probe_fixture_teardown);
}
