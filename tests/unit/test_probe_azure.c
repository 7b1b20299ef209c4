/*
 * Unit tests for the Azure probe family: AKS and ACR in both shapes the
 * tools print (az's flattened, re-cased output and the ARM resource with
 * `properties`, alone or in a `value` list), with pass, fail and error
 * fixtures for every probe, and pointers spelled as each document spells them.
 */
#include "probe_test_support.h"

#define AZURE(name) FIXTURE("probe_azure/" name)

static void test_aks_az_shape_hardened(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("aks-az-hardened.json"));
	const char *c = "cluster shop-aks";
	expect_result(r, "azure.aks.local-accounts", c, PROBE_PASS, "/disableLocalAccounts", NULL);
	expect_result(r, "azure.aks.entra-id", c, PROBE_PASS, "/aadProfile/managed", NULL);
	expect_result(r, "azure.aks.azure-rbac", c, PROBE_PASS, "/aadProfile/enableAzureRbac",
		      NULL);
	expect_result(r, "azure.aks.kubernetes-rbac", c, PROBE_PASS, "/enableRbac", NULL);
	expect_result(r, "azure.aks.network-policy", c, PROBE_PASS, "/networkProfile/networkPolicy",
		      "cilium");
	expect_result(r, "azure.aks.api-access", c, PROBE_PASS,
		      "/apiServerAccessProfile/authorizedIpRanges", "1 authorized IP range");
	expect_result(r, "azure.aks.defender", c, PROBE_PASS,
		      "/securityProfile/defender/securityMonitoring/enabled", NULL);
	expect_result(r, "azure.aks.azure-policy", c, PROBE_PASS,
		      "/addonProfiles/azurepolicy/enabled", NULL);
	expect_result(r, "azure.aks.auto-upgrade", c, PROBE_PASS,
		      "/autoUpgradeProfile/upgradeChannel", "stable");
	expect_result(r, "azure.aks.node-os-upgrade", c, PROBE_PASS,
		      "/autoUpgradeProfile/nodeOsUpgradeChannel", "NodeImage");
	expect_result(r, "azure.aks.version-supported", c, PROBE_PASS, "/currentKubernetesVersion",
		      "in AKS standard support until 2026-12-01");
	assert_int_equal(r->count, 11);
}

static void test_aks_arm_shape_defaults(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("aks-arm-defaults.json"));
	const char *c = "cluster legacy-aks";
	expect_result(r, "azure.aks.local-accounts", c, PROBE_FAIL,
		      "/properties/disableLocalAccounts", "local accounts are enabled");
	expect_result(r, "azure.aks.entra-id", c, PROBE_FAIL, "/properties",
		      "aadProfile is not set");
	expect_result(r, "azure.aks.azure-rbac", c, PROBE_FAIL, "/properties", NULL);
	expect_result(r, "azure.aks.kubernetes-rbac", c, PROBE_FAIL, "/properties/enableRBAC",
		      NULL);
	expect_result(r, "azure.aks.network-policy", c, PROBE_FAIL,
		      "/properties/networkProfile/networkPolicy", "no network policy engine");
	expect_result(r, "azure.aks.api-access", c, PROBE_FAIL,
		      "/properties/apiServerAccessProfile/authorizedIPRanges/1", "0.0.0.0/0");
	expect_result(r, "azure.aks.defender", c, PROBE_FAIL,
		      "/properties/securityProfile/defender/securityMonitoring/enabled", NULL);
	expect_result(r, "azure.aks.azure-policy", c, PROBE_FAIL,
		      "/properties/addonProfiles/azurepolicy/enabled", NULL);
	expect_result(r, "azure.aks.auto-upgrade", c, PROBE_FAIL,
		      "/properties/autoUpgradeProfile/upgradeChannel", "upgraded by hand");
	expect_result(r, "azure.aks.node-os-upgrade", c, PROBE_FAIL,
		      "/properties/autoUpgradeProfile/nodeOSUpgradeChannel", "None");
}

/* Past the calendar's end of standard support is a failure, the day before a pass. */
static void test_aks_version_support(void **state)
{
	struct probe_fixture *f = *state;
	/* Only the requested alias in the ARM shape: 1.29 left support on 2025-04-01. */
	struct probe_results *r = run_fixture(state, AZURE("aks-arm-defaults.json"));
	expect_result(r, "azure.aks.version-supported", "cluster legacy-aks", PROBE_FAIL,
		      "/properties/kubernetesVersion",
		      "left AKS standard support on 2025-04-01 (then only platform support");
	/* 1.34 leaves standard support on 2026-12-01. */
	date_parse("2026-11-30", &f->settings.today);
	r = run_fixture(state, AZURE("aks-az-hardened.json"));
	expect_result(r, "azure.aks.version-supported", "cluster shop-aks", PROBE_PASS, NULL, NULL);
	date_parse("2026-12-01", &f->settings.today);
	r = run_fixture(state, AZURE("aks-az-hardened.json"));
	expect_result(r, "azure.aks.version-supported", "cluster shop-aks", PROBE_FAIL, NULL,
		      "2026-12-01");
	date_parse(PROBE_TEST_TODAY, &f->settings.today);
	r = run_fixture(state, AZURE("aks-no-version.json"));
	expect_result(r, "azure.aks.version-supported", "cluster bare", PROBE_ERROR,
		      "/properties/currentKubernetesVersion", "missing or unreadable");
	f->settings.models = NULL;
	r = run_fixture(state, AZURE("aks-az-hardened.json"));
	expect_result(r, "azure.aks.version-supported", "cluster shop-aks", PROBE_ERROR, NULL,
		      "no AKS version calendar");
	f->settings.models = &f->models;
}

static void test_aks_arm_list(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("aks-arm-list.json"));
	const char *p = "cluster private-aks", *c = "cluster closed-aks";
	expect_result(r, "azure.aks.entra-id", p, PROBE_FAIL,
		      "/value/0/properties/aadProfile/managed", "legacy");
	expect_result(r, "azure.aks.kubernetes-rbac", p, PROBE_ERROR, "/value/0/properties",
		      "enableRBAC is missing");
	expect_result(r, "azure.aks.network-policy", p, PROBE_ERROR, "/value/0/properties", NULL);
	expect_result(r, "azure.aks.api-access", p, PROBE_PASS,
		      "/value/0/properties/apiServerAccessProfile/enablePrivateCluster",
		      "private cluster");
	expect_result(r, "azure.aks.auto-upgrade", p, PROBE_FAIL,
		      "/value/0/properties/autoUpgradeProfile/upgradeChannel", "node images only");
	expect_result(r, "azure.aks.node-os-upgrade", p, PROBE_FAIL,
		      "/value/0/properties/autoUpgradeProfile/nodeOSUpgradeChannel", "Unmanaged");
	expect_result(r, "azure.aks.api-access", c, PROBE_PASS,
		      "/value/1/properties/publicNetworkAccess", "disabled");
	expect_result(r, "azure.aks.network-policy", c, PROBE_FAIL,
		      "/value/1/properties/networkProfile", NULL);
	expect_result(r, "azure.aks.kubernetes-rbac", c, PROBE_PASS,
		      "/value/1/properties/enableRBAC", NULL);
	expect_result(r, "azure.aks.auto-upgrade", c, PROBE_PASS, NULL, "patch");
	expect_result(r, "azure.aks.node-os-upgrade", c, PROBE_PASS, NULL, "SecurityPatch");
	assert_int_equal(count_results(r, "azure.aks.local-accounts"), 2);
}

static void test_acr_az_shape_hardened(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("acr-az-hardened.json"));
	const char *g = "registry shopacr";
	expect_result(r, "azure.acr.admin-user", g, PROBE_PASS, "/adminUserEnabled", NULL);
	expect_result(r, "azure.acr.anonymous-pull", g, PROBE_PASS, "/anonymousPullEnabled",
		      "disabled");
	expect_result(r, "azure.acr.public-network", g, PROBE_PASS, "/publicNetworkAccess", NULL);
	expect_result(r, "azure.acr.content-trust", g, PROBE_PASS, "/policies/trustPolicy/status",
		      "2028-03-31");
	expect_result(r, "azure.acr.quarantine", g, PROBE_PASS, "/policies/quarantinePolicy/status",
		      NULL);
	expect_result(r, "azure.acr.retention", g, PROBE_PASS, "/policies/retentionPolicy/status",
		      "after 14 days");
	assert_int_equal(r->count, 6);
}

static void test_acr_arm_shape_open(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("acr-arm-open.json"));
	const char *g = "registry devacr";
	expect_result(r, "azure.acr.admin-user", g, PROBE_FAIL, "/properties/adminUserEnabled",
		      NULL);
	expect_result(r, "azure.acr.anonymous-pull", g, PROBE_FAIL,
		      "/properties/anonymousPullEnabled", NULL);
	expect_result(r, "azure.acr.public-network", g, PROBE_FAIL,
		      "/properties/networkRuleSet/defaultAction", "any network");
	expect_result(r, "azure.acr.content-trust", g, PROBE_FAIL,
		      "/properties/policies/trustPolicy/status", "not Premium");
	expect_result(r, "azure.acr.quarantine", g, PROBE_FAIL,
		      "/properties/policies/quarantinePolicy/status", "before it is scanned");
	expect_result(r, "azure.acr.retention", g, PROBE_FAIL,
		      "/properties/policies/retentionPolicy/status", "kept forever");
}

static void test_acr_firewall_and_absent_fields(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("acr-arm-firewall.json"));
	const char *g = "registry opsacr";
	expect_result(r, "azure.acr.public-network", g, PROBE_PASS,
		      "/properties/networkRuleSet/defaultAction", "2 IP rules");
	expect_result(r, "azure.acr.admin-user", g, PROBE_ERROR, "/properties", NULL);
	expect_result(r, "azure.acr.anonymous-pull", g, PROBE_PASS, "/properties", "the default");
	expect_result(r, "azure.acr.content-trust", g, PROBE_ERROR, "/properties", NULL);
	expect_result(r, "azure.acr.quarantine", g, PROBE_ERROR, "/properties", NULL);
	expect_result(r, "azure.acr.retention", g, PROBE_ERROR, "/properties", NULL);
}

static void test_acr_nulls_are_unset(void **state)
{
	struct probe_results *r = run_fixture(state, AZURE("acr-az-nulls.json"));
	const char *g = "registry nullacr";
	expect_result(r, "azure.acr.admin-user", g, PROBE_ERROR, "", NULL);
	expect_result(r, "azure.acr.anonymous-pull", g, PROBE_PASS, "", NULL);
	expect_result(r, "azure.acr.public-network", g, PROBE_ERROR, "", NULL);
	expect_result(r, "azure.acr.quarantine", g, PROBE_ERROR, "", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aks_az_shape_hardened),
		cmocka_unit_test(test_aks_arm_shape_defaults),
		cmocka_unit_test(test_aks_version_support),
		cmocka_unit_test(test_aks_arm_list),
		cmocka_unit_test(test_acr_az_shape_hardened),
		cmocka_unit_test(test_acr_arm_shape_open),
		cmocka_unit_test(test_acr_firewall_and_absent_fields),
		cmocka_unit_test(test_acr_nulls_are_unset),
	};
	return cmocka_run_group_tests(tests, probe_fixture_setup, probe_fixture_teardown);
}
