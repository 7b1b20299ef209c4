/*
 * Unit tests for the GCP probe family: GKE clusters as `gcloud describe`,
 * `gcloud list` (a top-level array, streamed element by element) and the
 * REST list wrapper; Cloud Run in the Knative v1 shape (JSON and YAML) and
 * the v2 API shape; Artifact Registry repositories alone and listed. Every
 * probe has pass, fail and error cases, with gcloud's omitted false values.
 */
#include "probe_test_support.h"

#define GCP(name) FIXTURE("probe_gcp/" name)

static void test_gke_describe_hardened(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("gke-describe-hardened.json"));
	const char *c = "cluster shop-gke", *p = "cluster shop-gke node pool default-pool";
	expect_result(r, "gcp.gke.control-plane-access", c, PROBE_PASS,
		      "/privateClusterConfig/enablePrivateEndpoint", "private endpoint only");
	expect_result(r, "gcp.gke.private-nodes", c, PROBE_PASS,
		      "/privateClusterConfig/enablePrivateNodes", NULL);
	expect_result(r, "gcp.gke.network-policy", c, PROBE_PASS, "/networkConfig/datapathProvider",
		      "Dataplane V2");
	expect_result(r, "gcp.gke.workload-identity", c, PROBE_PASS,
		      "/workloadIdentityConfig/workloadPool", "shop.svc.id.goog");
	expect_result(r, "gcp.gke.shielded-nodes", c, PROBE_PASS, "/shieldedNodes/enabled", NULL);
	expect_result(r, "gcp.gke.binary-authorization", c, PROBE_PASS,
		      "/binaryAuthorization/evaluationMode", "PROJECT_SINGLETON_POLICY_ENFORCE");
	expect_result(r, "gcp.gke.secrets-encryption", c, PROBE_PASS, "/databaseEncryption/state",
		      "cryptoKeys/etcd");
	expect_result(r, "gcp.gke.legacy-abac", c, PROBE_PASS, "/legacyAbac", "off");
	expect_result(r, "gcp.gke.release-channel", c, PROBE_PASS, "/releaseChannel/channel",
		      "STABLE");
	expect_result(r, "gcp.gke.secure-boot", p, PROBE_PASS,
		      "/nodePools/0/config/shieldedInstanceConfig/enableSecureBoot", NULL);
	expect_result(r, "gcp.gke.node-auto-upgrade", p, PROBE_PASS,
		      "/nodePools/0/management/autoUpgrade", NULL);
	expect_result(r, "gcp.gke.node-auto-repair", p, PROBE_PASS,
		      "/nodePools/0/management/autoRepair", NULL);
	expect_result(r, "gcp.gke.node-image", p, PROBE_PASS, "/nodePools/0/config/imageType",
		      "COS_CONTAINERD");
	expect_result(r, "gcp.gke.node-service-account", p, PROBE_PASS,
		      "/nodePools/0/config/serviceAccount", "gke-nodes@");
	expect_result(r, "gcp.gke.version-supported", c, PROBE_PASS, "/currentMasterVersion",
		      "in GKE standard support until 2027-04-11");
	assert_int_equal(r->count, 15);
}

static void test_gke_rest_list_insecure(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("gke-rest-list.json"));
	const char *c = "cluster open";
	expect_result(r, "gcp.gke.control-plane-access", c, PROBE_FAIL,
		      "/clusters/0/masterAuthorizedNetworksConfig", "authorized networks are off");
	expect_result(r, "gcp.gke.private-nodes", c, PROBE_FAIL, "/clusters/0", "public IP");
	expect_result(r, "gcp.gke.network-policy", c, PROBE_FAIL, "/clusters/0", NULL);
	expect_result(r, "gcp.gke.workload-identity", c, PROBE_FAIL, "/clusters/0",
		      "node's service account");
	expect_result(r, "gcp.gke.shielded-nodes", c, PROBE_FAIL, "/clusters/0/shieldedNodes",
		      NULL);
	expect_result(r, "gcp.gke.binary-authorization", c, PROBE_FAIL,
		      "/clusters/0/binaryAuthorization/evaluationMode", "DISABLED");
	expect_result(r, "gcp.gke.secrets-encryption", c, PROBE_FAIL,
		      "/clusters/0/databaseEncryption/state", "DECRYPTED");
	expect_result(r, "gcp.gke.legacy-abac", c, PROBE_FAIL, "/clusters/0/legacyAbac/enabled",
		      NULL);
	expect_result(r, "gcp.gke.release-channel", c, PROBE_FAIL, "/clusters/0/releaseChannel",
		      "static version");

	const char *ubuntu = "cluster open node pool ubuntu-pool",
		   *bare = "cluster open node pool bare-pool";
	expect_result(r, "gcp.gke.node-image", ubuntu, PROBE_FAIL,
		      "/clusters/0/nodePools/0/config/imageType", "UBUNTU_CONTAINERD");
	expect_result(r, "gcp.gke.node-service-account", ubuntu, PROBE_FAIL,
		      "/clusters/0/nodePools/0/config/serviceAccount", "default service account");
	expect_result(r, "gcp.gke.secure-boot", ubuntu, PROBE_FAIL,
		      "/clusters/0/nodePools/0/config", "Secure Boot is off");
	expect_result(r, "gcp.gke.node-auto-upgrade", ubuntu, PROBE_FAIL,
		      "/clusters/0/nodePools/0/management", NULL);
	expect_result(r, "gcp.gke.node-auto-repair", ubuntu, PROBE_FAIL,
		      "/clusters/0/nodePools/0/management", NULL);
	expect_result(r, "gcp.gke.node-image", bare, PROBE_ERROR, "/clusters/0/nodePools/1/config",
		      "imageType is missing");
	expect_result(r, "gcp.gke.node-service-account", bare, PROBE_FAIL,
		      "/clusters/0/nodePools/1/config/serviceAccount", NULL);
	expect_result(r, "gcp.gke.node-auto-upgrade", bare, PROBE_FAIL, "/clusters/0/nodePools/1",
		      NULL);
}

/* The GKE calendar: rows, versions newer and older than every row, and no version. */
static void test_gke_version_support(void **state)
{
	struct probe_fixture *f = *state;
	const struct provider *gcp = models_find_provider(&f->models, "gcp");
	assert_non_null(gcp);
	assert_non_null(gcp->kubernetes_versions);
	long reviewed = gcp->kubernetes_versions->reviewed_day;
	struct probe_results *r = run_fixture(state, GCP("gke-versions.json"));
	expect_result(r, "gcp.gke.version-supported", "cluster next", PROBE_PASS,
		      "/0/currentMasterVersion", "newer than every version in srgap's GKE");
	expect_result(r, "gcp.gke.version-supported", "cluster old", PROBE_FAIL,
		      "/1/currentMasterVersion", "older than every version");
	/* 1.34 left standard support on 2026-10-01, before the test date. */
	expect_result(r, "gcp.gke.version-supported", "cluster static", PROBE_FAIL,
		      "/2/currentMasterVersion", "left GKE standard support on 2026-10-01");
	expect_result(r, "gcp.gke.version-supported", "cluster blank", PROBE_ERROR,
		      "/3/currentMasterVersion", "missing or unreadable");
	date_parse("2026-09-30", &f->settings.today);
	r = run_fixture(state, GCP("gke-versions.json"));
	expect_result(r, "gcp.gke.version-supported", "cluster static", PROBE_PASS, NULL,
		      "until 2026-10-01");
	f->settings.today = reviewed + 500;
	r = run_fixture(state, GCP("gke-versions.json"));
	expect_result(r, "gcp.gke.version-supported", "cluster next", PROBE_ERROR, NULL,
		      "update providers/gcp.yaml");
	date_parse(PROBE_TEST_TODAY, &f->settings.today);
}

static void test_gke_rest_list_partial(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("gke-rest-list.json"));
	const char *c = "cluster gcp-wide";
	expect_result(r, "gcp.gke.control-plane-access", c, PROBE_FAIL,
		      "/clusters/1/masterAuthorizedNetworksConfig/gcpPublicCidrsAccessEnabled",
		      "Google Cloud public IP");
	expect_result(r, "gcp.gke.network-policy", c, PROBE_PASS,
		      "/clusters/1/networkPolicy/enabled", "CALICO");
	expect_result(r, "gcp.gke.workload-identity", c, PROBE_FAIL,
		      "/clusters/1/nodePools/0/config/workloadMetadataConfig/mode",
		      "legacy-metadata");
	expect_result(r, "gcp.gke.binary-authorization", c, PROBE_PASS,
		      "/clusters/1/binaryAuthorization/enabled", "legacy");
	expect_result(r, "gcp.gke.release-channel", c, PROBE_FAIL, "/clusters/1/releaseChannel",
		      NULL);
	expect_result(r, "gcp.gke.shielded-nodes", c, PROBE_ERROR, "/clusters/1", NULL);
	expect_result(r, "gcp.gke.private-nodes", c, PROBE_PASS, "/clusters/1/nodePools",
		      "every node pool");
	expect_result(r, "gcp.gke.secrets-encryption", c, PROBE_FAIL, "/clusters/1",
		      "databaseEncryption not set");
	/* legacyAbac absent altogether is the documented default: off. */
	expect_result(r, "gcp.gke.legacy-abac", c, PROBE_PASS, "/clusters/1", NULL);

	c = "cluster no-pools";
	expect_result(r, "gcp.gke.control-plane-access", c, PROBE_FAIL,
		      "/clusters/2/masterAuthorizedNetworksConfig/cidrBlocks/0/cidrBlock",
		      "0.0.0.0/0");
	expect_result(r, "gcp.gke.node-image", c, PROBE_ERROR, "/clusters/2", "no node pools");
	expect_result(r, "gcp.gke.secure-boot", c, PROBE_ERROR, "/clusters/2", "no node pools");
}

static void test_gke_gcloud_list_autopilot(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("gke-gcloud-list.json"));
	const char *c = "cluster auto", *n = "cluster auto auto-provisioned nodes";
	const char *defaults = "/0/autoscaling/autoprovisioningNodePoolDefaults";
	char pointer[128];
	expect_result(r, "gcp.gke.control-plane-access", c, PROBE_PASS,
		      "/0/controlPlaneEndpointsConfig/ipEndpointsConfig/enablePublicEndpoint",
		      NULL);
	expect_result(r, "gcp.gke.private-nodes", c, PROBE_PASS,
		      "/0/networkConfig/defaultEnablePrivateNodes", NULL);
	expect_result(r, "gcp.gke.binary-authorization", c, PROBE_FAIL, "/0", "not enabled");
	snprintf(pointer, sizeof(pointer), "%s/imageType", defaults);
	expect_result(r, "gcp.gke.node-image", n, PROBE_PASS, pointer, NULL);
	snprintf(pointer, sizeof(pointer), "%s/management/autoUpgrade", defaults);
	expect_result(r, "gcp.gke.node-auto-upgrade", n, PROBE_PASS, pointer, NULL);
	snprintf(pointer, sizeof(pointer), "%s/serviceAccount", defaults);
	expect_result(r, "gcp.gke.node-service-account", n, PROBE_PASS, pointer, NULL);
	expect_result(r, "gcp.gke.secure-boot", n, PROBE_ERROR, defaults, "Autopilot");
}

static void test_cloud_run_knative(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("run-knative.json"));
	const char *s = "Cloud Run service checkout";
	expect_result(r, "gcp.run.ingress", s, PROBE_PASS,
		      "/metadata/annotations/run.googleapis.com~1ingress",
		      "internal-and-cloud-load-balancing");
	expect_result(r, "gcp.run.binary-authorization", s, PROBE_PASS,
		      "/metadata/annotations/run.googleapis.com~1binary-authorization", "default");
	expect_result(r, "gcp.run.service-account", s, PROBE_PASS,
		      "/spec/template/spec/serviceAccountName", "checkout@");
	assert_int_equal(r->count, 3);
}

static void test_cloud_run_knative_yaml(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("run-knative-public.yaml"));
	const char *s = "Cloud Run service public";
	expect_result(r, "gcp.run.ingress", s, PROBE_FAIL,
		      "/metadata/annotations/run.googleapis.com~1ingress", "ingress is all");
	expect_result(r, "gcp.run.binary-authorization", s, PROBE_FAIL,
		      "/metadata/annotations/run.googleapis.com~1binary-authorization-breakglass",
		      "breakglass");
	expect_result(r, "gcp.run.service-account", s, PROBE_FAIL, "/spec/template/spec",
		      "default service account");
}

static void test_cloud_run_v2_list(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("run-v2-list.json"));
	const char *ok = "Cloud Run service internal-api", *legacy = "Cloud Run service legacy",
		   *bare = "Cloud Run service bare";
	expect_result(r, "gcp.run.ingress", ok, PROBE_PASS, "/services/0/ingress", "INTERNAL_ONLY");
	expect_result(r, "gcp.run.binary-authorization", ok, PROBE_PASS,
		      "/services/0/binaryAuthorization", "default");
	expect_result(r, "gcp.run.service-account", ok, PROBE_PASS,
		      "/services/0/template/serviceAccount", NULL);
	expect_result(r, "gcp.run.ingress", legacy, PROBE_FAIL, "/services/1", "not set");
	expect_result(r, "gcp.run.binary-authorization", legacy, PROBE_FAIL,
		      "/services/1/binaryAuthorization/breakglassJustification", NULL);
	expect_result(r, "gcp.run.service-account", legacy, PROBE_FAIL,
		      "/services/1/template/serviceAccount", NULL);
	expect_result(r, "gcp.run.ingress", bare, PROBE_FAIL, "/services/2/ingress",
		      "INGRESS_TRAFFIC_ALL");
	expect_result(r, "gcp.run.binary-authorization", bare, PROBE_FAIL, "/services/2",
		      "not enforced");
	expect_result(r, "gcp.run.service-account", bare, PROBE_FAIL, "/services/2/template", NULL);
}

static void test_artifact_registry(void **state)
{
	struct probe_results *r = run_fixture(state, GCP("ar-repository.json"));
	const char *g = "repository images";
	expect_result(r, "gcp.ar.vulnerability-scanning", g, PROBE_PASS,
		      "/vulnerabilityScanningConfig/enablementState", NULL);
	expect_result(r, "gcp.ar.immutable-tags", g, PROBE_PASS, "/dockerConfig/immutableTags",
		      NULL);
	expect_result(r, "gcp.ar.cleanup-policies", g, PROBE_PASS, "/cleanupPolicies",
		      "2 cleanup policies");

	r = run_fixture(state, GCP("ar-rest-list.json"));
	g = "repository dev-images";
	expect_result(r, "gcp.ar.vulnerability-scanning", g, PROBE_FAIL,
		      "/repositories/0/vulnerabilityScanningConfig/enablementState",
		      "Repository has scanning disabled.");
	expect_result(r, "gcp.ar.immutable-tags", g, PROBE_FAIL, "/repositories/0", NULL);
	expect_result(r, "gcp.ar.cleanup-policies", g, PROBE_FAIL, "/repositories/0", NULL);
	g = "repository dry";
	expect_result(r, "gcp.ar.vulnerability-scanning", g, PROBE_ERROR, "/repositories/3", NULL);
	expect_result(r, "gcp.ar.immutable-tags", g, PROBE_FAIL, "/repositories/3/dockerConfig",
		      NULL);
	expect_result(r, "gcp.ar.cleanup-policies", g, PROBE_FAIL,
		      "/repositories/3/cleanupPolicies", "dry-run");
	/* Maven and remote repositories hold no images of their own: no results. */
	assert_int_equal(r->count, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gke_describe_hardened),
		cmocka_unit_test(test_gke_rest_list_insecure),
		cmocka_unit_test(test_gke_rest_list_partial),
		cmocka_unit_test(test_gke_version_support),
		cmocka_unit_test(test_gke_gcloud_list_autopilot),
		cmocka_unit_test(test_cloud_run_knative),
		cmocka_unit_test(test_cloud_run_knative_yaml),
		cmocka_unit_test(test_cloud_run_v2_list),
		cmocka_unit_test(test_artifact_registry),
	};
	return cmocka_run_group_tests(tests, probe_fixture_setup, probe_fixture_teardown);
}
