/*
 * Unit tests for the AWS probe family: pass, fail and error fixtures for
 * every probe (EKS, ECR, ECS, GuardDuty), judged on a fixed date with the
 * shipped provider models, so the EKS version calendar is the real one.
 */
#include "probe_test_support.h"

#define AWS(name) FIXTURE("probe_aws/" name)

/* ------------------------------------------------------------------ EKS */

static void test_eks_hardened_cluster_passes(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("eks-hardened.json"));
	const char *c = "cluster shop-prod";
	expect_result(r, "aws.eks.endpoint-public", c, PROBE_PASS,
		      "/cluster/resourcesVpcConfig/publicAccessCidrs", "2 CIDR ranges");
	expect_result(r, "aws.eks.secrets-encryption", c, PROBE_PASS, "/cluster/encryptionConfig/0",
		      "arn:aws:kms:eu-west-1:123456789012:key/1111-2222");
	expect_result(r, "aws.eks.control-plane-logging", c, PROBE_PASS,
		      "/cluster/logging/clusterLogging", "(api too)");
	expect_result(r, "aws.eks.version-supported", c, PROBE_PASS, "/cluster/version",
		      "until 2026-12-02");
	assert_int_equal(r->count, 4);
	assert_int_equal(r->unrecognized_count, 0);
	assert_non_null(strstr(r->items[0].file, "eks-hardened.json"));
}

static void test_eks_defaults_fail(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("eks-defaults.json"));
	const char *c = "cluster legacy";
	expect_result(r, "aws.eks.endpoint-public", c, PROBE_FAIL,
		      "/cluster/resourcesVpcConfig/publicAccessCidrs/0", "0.0.0.0/0");
	expect_result(r, "aws.eks.secrets-encryption", c, PROBE_FAIL, "/cluster/version",
		      "starts with 1.28");
	expect_result(r, "aws.eks.control-plane-logging", c, PROBE_FAIL,
		      "/cluster/logging/clusterLogging", "audit and authenticator logs are off");
	expect_result(r, "aws.eks.version-supported", c, PROBE_FAIL, "/cluster/version",
		      "left EKS standard support on 2024-06-11");
}

static void test_eks_aws_owned_key_and_partial_logging(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("eks-aws-owned-key.json"));
	const char *c = "cluster batch";
	expect_result(r, "aws.eks.endpoint-public", c, PROBE_PASS,
		      "/cluster/resourcesVpcConfig/endpointPublicAccess", "private only");
	expect_result(r, "aws.eks.secrets-encryption", c, PROBE_PASS, "/cluster/version",
		      "AWS-owned KMS key");
	expect_result(r, "aws.eks.control-plane-logging", c, PROBE_FAIL, NULL,
		      "authenticator log is off");
	expect_result(r, "aws.eks.version-supported", c, PROBE_FAIL, NULL, "2025-07-23");
}

static void test_eks_missing_fields_are_errors(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("eks-sparse.json"));
	const char *c = "cluster sparse";
	expect_result(r, "aws.eks.endpoint-public", c, PROBE_ERROR, "/cluster/resourcesVpcConfig",
		      "endpointPublicAccess is missing");
	expect_result(r, "aws.eks.secrets-encryption", c, PROBE_ERROR, "/cluster", NULL);
	expect_result(r, "aws.eks.control-plane-logging", c, PROBE_ERROR, "/cluster", NULL);
	expect_result(r, "aws.eks.version-supported", c, PROBE_ERROR, "/cluster", NULL);
}

static void test_eks_version_outside_the_calendar(void **state)
{
	struct probe_fixture *f = *state;
	const struct provider *aws = models_find_provider(&f->models, "aws");
	assert_non_null(aws);
	assert_non_null(aws->kubernetes_versions);
	long reviewed = aws->kubernetes_versions->reviewed_day;

	/* Newer than every row: released after the review, so inside its 14 months. */
	f->settings.today = reviewed + 30;
	struct probe_results *r = run_fixture(state, AWS("eks-future-version.json"));
	expect_result(r, "aws.eks.version-supported", "cluster next", PROBE_PASS,
		      "/cluster/version", "newer than every version");
	/* Long after the review the table can no longer vouch for it. */
	f->settings.today = reviewed + 500;
	r = run_fixture(state, AWS("eks-future-version.json"));
	expect_result(r, "aws.eks.version-supported", "cluster next", PROBE_ERROR,
		      "/cluster/version", "update providers/aws.yaml");

	r = run_fixture(state, AWS("eks-ancient-version.json"));
	expect_result(r, "aws.eks.version-supported", "cluster old", PROBE_FAIL, "/cluster/version",
		      "older than every version");
	date_parse(PROBE_TEST_TODAY, &f->settings.today);
}

static void test_eks_version_boundary_is_the_end_date(void **state)
{
	struct probe_fixture *f = *state;
	/* 1.34 leaves standard support on 2026-12-02: the day before passes, that day fails. */
	date_parse("2026-12-01", &f->settings.today);
	struct probe_results *r = run_fixture(state, AWS("eks-hardened.json"));
	expect_result(r, "aws.eks.version-supported", "cluster shop-prod", PROBE_PASS, NULL, NULL);
	date_parse("2026-12-02", &f->settings.today);
	r = run_fixture(state, AWS("eks-hardened.json"));
	expect_result(r, "aws.eks.version-supported", "cluster shop-prod", PROBE_FAIL, NULL,
		      "2026-12-02");
	date_parse(PROBE_TEST_TODAY, &f->settings.today);
}

static void test_eks_version_without_models_is_an_error(void **state)
{
	struct probe_fixture *f = *state;
	f->settings.models = NULL;
	struct probe_results *r = run_fixture(state, AWS("eks-hardened.json"));
	expect_result(r, "aws.eks.version-supported", "cluster shop-prod", PROBE_ERROR,
		      "/cluster/version", "no EKS version calendar");
	f->settings.models = &f->models;
}

/* ------------------------------------------------------------------ ECR */

static void test_ecr_repositories(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("ecr-describe-repositories.json"));
	expect_result(r, "aws.ecr.scan-on-push", "repository shop/api", PROBE_PASS,
		      "/repositories/0/imageScanningConfiguration/scanOnPush", NULL);
	expect_result(r, "aws.ecr.scan-on-push", "repository shop/web", PROBE_FAIL,
		      "/repositories/1/imageScanningConfiguration/scanOnPush", NULL);
	expect_result(r, "aws.ecr.scan-on-push", "repository sparse", PROBE_ERROR,
		      "/repositories/2", NULL);
	expect_result(r, "aws.ecr.tag-immutability", "repository shop/api", PROBE_PASS,
		      "/repositories/0/imageTagMutability", "IMMUTABLE");
	expect_result(r, "aws.ecr.tag-immutability", "repository shop/web", PROBE_FAIL,
		      "/repositories/1/imageTagMutability", "MUTABLE");
	expect_result(r, "aws.ecr.tag-immutability", "repository sparse", PROBE_ERROR, NULL, NULL);
	expect_result(r, "aws.ecr.kms-encryption", "repository shop/api", PROBE_PASS,
		      "/repositories/0/encryptionConfiguration/encryptionType", "key/3333");
	expect_result(r, "aws.ecr.kms-encryption", "repository shop/web", PROBE_FAIL,
		      "/repositories/1/encryptionConfiguration/encryptionType", "AES256");
	expect_result(r, "aws.ecr.kms-encryption", "repository sparse", PROBE_ERROR,
		      "/repositories/2", NULL);
	assert_int_equal(r->count, 9);

	/* create-repository and friends print one `repository` object, not a list. */
	r = run_fixture(state, AWS("ecr-create-repository.json"));
	expect_result(r, "aws.ecr.scan-on-push", "repository shop/cart", PROBE_PASS,
		      "/repository/imageScanningConfiguration/scanOnPush", NULL);
	expect_result(r, "aws.ecr.tag-immutability", "repository shop/cart", PROBE_PASS,
		      "/repository/imageTagMutability", "IMMUTABLE");
	expect_result(r, "aws.ecr.kms-encryption", "repository shop/cart", PROBE_FAIL,
		      "/repository/encryptionConfiguration/encryptionType", "AES256");
	assert_int_equal(r->count, 3);
	assert_int_equal(r->unrecognized_count, 0);
}

static void test_ecr_registry_scanning(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("ecr-registry-scanning-enhanced.json"));
	expect_result(r, "aws.ecr.registry-scanning", "registry 123456789012", PROBE_PASS,
		      "/scanningConfiguration/rules/1", "every repository");
	r = run_fixture(state, AWS("ecr-registry-scanning-basic.json"));
	expect_result(r, "aws.ecr.registry-scanning", "registry 210987654321", PROBE_FAIL,
		      "/scanningConfiguration/scanType", "BASIC");
	r = run_fixture(state, AWS("ecr-registry-scanning-push-only.json"));
	expect_result(r, "aws.ecr.registry-scanning", "registry 111111111111", PROBE_FAIL,
		      "/scanningConfiguration/rules", "no CONTINUOUS_SCAN rule");
	r = run_fixture(state, AWS("ecr-registry-scanning-filtered.json"));
	expect_result(r, "aws.ecr.registry-scanning", "registry 222222222222", PROBE_PASS,
		      "/scanningConfiguration/rules", "only repositories matching");
	r = run_fixture(state, AWS("ecr-registry-scanning-empty.json"));
	expect_result(r, "aws.ecr.registry-scanning", "registry 333333333333", PROBE_ERROR,
		      "/scanningConfiguration", "scanType is missing");
}

static void test_ecr_images(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("ecr-describe-images.json"));
	expect_result(r, "aws.ecr.image-scanned", "image shop/api:1.4.2", PROBE_PASS,
		      "/imageDetails/0/imageScanStatus/status", "COMPLETE");
	expect_result(r, "aws.ecr.image-critical-findings", "image shop/api:1.4.2", PROBE_FAIL,
		      "/imageDetails/0/imageScanFindingsSummary/findingSeverityCounts/CRITICAL",
		      "2 critical vulnerabilities");
	expect_result(r, "aws.ecr.image-scanned", "image shop/api:1.4.3", PROBE_PASS, NULL,
		      "ACTIVE");
	expect_result(r, "aws.ecr.image-critical-findings", "image shop/api:1.4.3", PROBE_PASS,
		      "/imageDetails/1/imageScanFindingsSummary/findingSeverityCounts", NULL);
	const char *untagged = "image shop/web@sha256:cccccccccccc";
	expect_result(r, "aws.ecr.image-scanned", untagged, PROBE_FAIL, "/imageDetails/2",
		      "no scan recorded");
	expect_result(r, "aws.ecr.image-critical-findings", untagged, PROBE_ERROR,
		      "/imageDetails/2", NULL);
	expect_result(r, "aws.ecr.image-scanned", "image shop/web:next", PROBE_ERROR, NULL,
		      "still running");
	expect_result(r, "aws.ecr.image-scanned", "image shop/web:old", PROBE_FAIL, NULL,
		      "UNSUPPORTED_IMAGE");

	r = run_fixture(state, AWS("ecr-image-scan-findings.json"));
	expect_result(r, "aws.ecr.image-scanned", "image shop/worker:2.0.0", PROBE_PASS,
		      "/imageScanStatus/status", NULL);
	expect_result(r, "aws.ecr.image-critical-findings", "image shop/worker:2.0.0", PROBE_PASS,
		      "/imageScanFindings/findingSeverityCounts", NULL);
}

/* ------------------------------------------------------------------ ECS */

static void test_ecs_hardened_task(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("ecs-task-hardened.json"));
	const char *c = "task definition api:12 container app";
	expect_result(r, "aws.ecs.privileged", c, PROBE_PASS,
		      "/taskDefinition/containerDefinitions/0/privileged", NULL);
	expect_result(r, "aws.ecs.non-root-user", c, PROBE_PASS,
		      "/taskDefinition/containerDefinitions/0/user", "10001:10001");
	expect_result(r, "aws.ecs.read-only-root", c, PROBE_PASS,
		      "/taskDefinition/containerDefinitions/0/readonlyRootFilesystem", NULL);
	expect_result(r, "aws.ecs.capabilities", c, PROBE_PASS,
		      "/taskDefinition/containerDefinitions/0/linuxParameters/capabilities/drop",
		      "adds back only narrow ones");
	expect_result(r, "aws.ecs.plaintext-secrets", c, PROBE_PASS,
		      "/taskDefinition/containerDefinitions/0", "secrets come from references");
	expect_result(r, "aws.ecs.host-namespaces", "task definition api:12", PROBE_PASS,
		      "/taskDefinition/networkMode", "awsvpc");
}

static void test_ecs_insecure_task(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("ecs-task-insecure.json"));
	const char *web = "task definition legacy:3 container web";
	const char *sidecar = "task definition legacy:3 container sidecar";
	expect_result(r, "aws.ecs.privileged", web, PROBE_FAIL,
		      "/taskDefinition/containerDefinitions/0/privileged", NULL);
	expect_result(r, "aws.ecs.privileged", sidecar, PROBE_PASS,
		      "/taskDefinition/containerDefinitions/1", NULL);
	expect_result(r, "aws.ecs.non-root-user", web, PROBE_FAIL,
		      "/taskDefinition/containerDefinitions/0/user", "root");
	expect_result(r, "aws.ecs.non-root-user", sidecar, PROBE_FAIL,
		      "/taskDefinition/containerDefinitions/1", "no user is set");
	expect_result(r, "aws.ecs.read-only-root", web, PROBE_FAIL,
		      "/taskDefinition/containerDefinitions/0/readonlyRootFilesystem", "false");
	expect_result(r, "aws.ecs.read-only-root", sidecar, PROBE_FAIL,
		      "/taskDefinition/containerDefinitions/1", "not set");
	expect_result(r, "aws.ecs.capabilities", web, PROBE_FAIL,
		      "/taskDefinition/containerDefinitions/0/linuxParameters/capabilities/add/0",
		      "SYS_ADMIN");
	expect_result(r, "aws.ecs.capabilities", sidecar, PROBE_FAIL, NULL,
		      "drop does not list ALL");
	const struct probe_result *secret =
		expect_result(r, "aws.ecs.plaintext-secrets", web, PROBE_FAIL,
			      "/taskDefinition/containerDefinitions/0/environment/0/value",
			      "MYSQL_ROOT_PASSWORD");
	assert_non_null(strstr(secret->detail, "and others"));
	assert_null(strstr(secret->detail, "hunter2"));
	secret = expect_result(r, "aws.ecs.plaintext-secrets", sidecar, PROBE_FAIL,
			       "/taskDefinition/containerDefinitions/1/environment/0/value",
			       "AWS access key id");
	assert_null(strstr(secret->detail, "AKIA"));
	expect_result(r, "aws.ecs.host-namespaces", "task definition legacy:3", PROBE_FAIL,
		      "/taskDefinition/networkMode", "network namespace");
}

static void test_ecs_register_input_file(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("ecs-register-input.json"));
	expect_result(r, "aws.ecs.host-namespaces", "task definition batch", PROBE_FAIL, "/pidMode",
		      "process namespace");
	expect_result(r, "aws.ecs.non-root-user", "task definition batch container job", PROBE_FAIL,
		      "/containerDefinitions/0/user", "user 0");
	expect_result(r, "aws.ecs.privileged", "task definition batch container job", PROBE_PASS,
		      "/containerDefinitions/0", NULL);
}

/* ------------------------------------------------------------------ GuardDuty */

static void test_guardduty_full(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("guardduty-full.json"));
	const char *d = "GuardDuty detector (account 123456789012)";
	expect_result(r, "aws.guardduty.detector-enabled", d, PROBE_PASS, "/Status", NULL);
	expect_result(r, "aws.guardduty.eks-audit-logs", d, PROBE_PASS, "/Features/1/Status", NULL);
	expect_result(r, "aws.guardduty.runtime-monitoring", d, PROBE_PASS, "/Features/2/Status",
		      "automated agent management");
}

static void test_guardduty_legacy_shape(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("guardduty-legacy.json"));
	const char *d = "GuardDuty detector (account 210987654321)";
	expect_result(r, "aws.guardduty.detector-enabled", d, PROBE_PASS, "/Status", NULL);
	expect_result(r, "aws.guardduty.eks-audit-logs", d, PROBE_FAIL,
		      "/DataSources/Kubernetes/AuditLogs/Status", "DISABLED");
	expect_result(r, "aws.guardduty.runtime-monitoring", d, PROBE_ERROR, "",
		      "no Features list");
}

static void test_guardduty_disabled(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("guardduty-disabled.json"));
	const char *d = "GuardDuty detector (account 111111111111)";
	expect_result(r, "aws.guardduty.detector-enabled", d, PROBE_FAIL, "/Status", "DISABLED");
	expect_result(r, "aws.guardduty.eks-audit-logs", d, PROBE_FAIL, "/Status",
		      "none of its features run");
	expect_result(r, "aws.guardduty.runtime-monitoring", d, PROBE_FAIL, "/Status", NULL);
}

static void test_guardduty_features_off(void **state)
{
	struct probe_results *r = run_fixture(state, AWS("guardduty-features-off.json"));
	const char *d = "GuardDuty detector (account 222222222222)";
	expect_result(r, "aws.guardduty.eks-audit-logs", d, PROBE_ERROR, "", "cannot tell");
	expect_result(r, "aws.guardduty.runtime-monitoring", d, PROBE_FAIL, "/Features/1/Status",
		      "DISABLED");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eks_hardened_cluster_passes),
		cmocka_unit_test(test_eks_defaults_fail),
		cmocka_unit_test(test_eks_aws_owned_key_and_partial_logging),
		cmocka_unit_test(test_eks_missing_fields_are_errors),
		cmocka_unit_test(test_eks_version_outside_the_calendar),
		cmocka_unit_test(test_eks_version_boundary_is_the_end_date),
		cmocka_unit_test(test_eks_version_without_models_is_an_error),
		cmocka_unit_test(test_ecr_repositories),
		cmocka_unit_test(test_ecr_registry_scanning),
		cmocka_unit_test(test_ecr_images),
		cmocka_unit_test(test_ecs_hardened_task),
		cmocka_unit_test(test_ecs_insecure_task),
		cmocka_unit_test(test_ecs_register_input_file),
		cmocka_unit_test(test_guardduty_full),
		cmocka_unit_test(test_guardduty_legacy_shape),
		cmocka_unit_test(test_guardduty_disabled),
		cmocka_unit_test(test_guardduty_features_off),
	};
	return cmocka_run_group_tests(tests, probe_fixture_setup, probe_fixture_teardown);
}
