/*
 * GCP probes: GKE clusters (`gcloud container clusters describe/list
 * --format=json`, REST clusters.list), Cloud Run services (the Knative v1
 * shape `gcloud run services describe` prints, and the v2 API shape) and
 * Artifact Registry repositories (one, a list, or the REST list wrapper).
 * gcloud omits proto3 defaults (false, 0, empty), so an absent boolean is
 * false: a check that would pass on it does so only where false is the secure
 * value and says so with its source; otherwise absence fails or is an error.
 */
#include <stdio.h>
#include <string.h>

#include "probe/probe.h"

#define KIND_GKE_CLUSTER   "gcp.gke.cluster"
#define KIND_RUN_SERVICE   "gcp.run.service"
#define KIND_AR_REPOSITORY "gcp.ar.repository"

#define SUBJECT_SIZE 320
#define POINTER_SIZE 256

static int has_prefix(const char *text, const char *prefix)
{
	return text && !strncmp(text, prefix, strlen(prefix));
}

static int is_cluster(const json_t *object)
{
	const char *link = json_string_value(json_object_get(object, "selfLink"));
	if (link && strstr(link, "container.googleapis.com/") && strstr(link, "/clusters/"))
		return 1;
	return json_is_string(json_object_get(object, "currentMasterVersion")) &&
	       json_is_string(json_object_get(object, "name"));
}

static int is_knative_service(const json_t *object)
{
	const char *kind = json_string_value(json_object_get(object, "kind"));
	return has_prefix(json_string_value(json_object_get(object, "apiVersion")),
			  "serving.knative.dev/") &&
	       kind && !strcmp(kind, "Service");
}

static int is_run_v2_service(const json_t *object)
{
	const char *name = json_string_value(json_object_get(object, "name"));
	return has_prefix(name, "projects/") && strstr(name, "/services/") &&
	       json_is_object(json_object_get(object, "template"));
}

static int is_repository(const json_t *object)
{
	const char *name = json_string_value(json_object_get(object, "name"));
	return has_prefix(name, "projects/") && strstr(name, "/repositories/") &&
	       json_is_string(json_object_get(object, "format"));
}

static const char *object_kind(const json_t *object)
{
	if (is_cluster(object))
		return KIND_GKE_CLUSTER;
	if (is_knative_service(object) || is_run_v2_service(object))
		return KIND_RUN_SERVICE;
	if (is_repository(object))
		return KIND_AR_REPOSITORY;
	return NULL;
}

/* REST list responses wrap the resources: {"clusters": [...]}, {"services": [...]}. */
static const char *const list_members[] = {"clusters", "services", "repositories"};

static const char *gcp_sniff(const json_t *root)
{
	const char *kind = object_kind(root);
	if (kind)
		return kind;
	for (size_t i = 0; i < 3; i++) {
		const json_t *list = json_object_get(root, list_members[i]);
		if (json_array_size(list) > 0)
			return object_kind(json_array_get(list, 0));
		/* An empty clusters.list still says "no clusters" for certain. */
		if (i == 0 && json_is_array(list))
			return KIND_GKE_CLUSTER;
	}
	return NULL;
}

typedef void object_check(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document, const json_t *object,
			  const char *pointer);

static void each_object(struct probe_run *run, const struct probe *probe,
			const struct evidence_document *document, object_check *check)
{
	if (object_kind(document->root)) {
		check(run, probe, document, document->root, "");
		return;
	}
	for (size_t i = 0; i < 3; i++) {
		size_t index;
		const json_t *item;
		json_array_foreach(json_object_get(document->root, list_members[i]), index, item) {
			const char *kind = object_kind(item);
			if (!kind || strcmp(kind, document->kind))
				continue;
			char pointer[64];
			snprintf(pointer, sizeof(pointer), "/%s/%zu", list_members[i], index);
			check(run, probe, document, item, pointer);
		}
	}
}

/*
 * `base` + the members of dot-separated `path` that exist under `object`,
 * RFC 6901-escaped: the location of the value, or of the deepest member
 * present when it is missing, so a pointer never names what is not there.
 */
static void pointer_to(char *out, const char *base, const json_t *object, const char *path)
{
	snprintf(out, POINTER_SIZE, "%s", base);
	char key[128];
	while (*path) {
		size_t length = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)length, path);
		object = json_object_get(object, key);
		if (!object)
			return;
		probe_pointer_append(out, POINTER_SIZE, key);
		path += length + (path[length] == '.');
	}
}

/* ------------------------------------------------------------------ GKE */

static void cluster_subject(const json_t *cluster, char *subject)
{
	const char *name = json_string_value(json_object_get(cluster, "name"));
	snprintf(subject, SUBJECT_SIZE, "cluster %s", name ? name : "(unnamed)");
}

static int is_autopilot(const json_t *cluster)
{
	return json_is_true(probe_json_get(cluster, "autopilot.enabled"));
}

/* Defines `name`, the probe entry point that runs name_check on every cluster of the document. */
#define CLUSTER_PROBE(name)                                                                        \
	static void name##_check(struct probe_run *, const struct probe *,                         \
				 const struct evidence_document *, const json_t *, const char *,   \
				 const char *);                                                    \
	static void name##_visit(struct probe_run *run, const struct probe *probe,                 \
				 const struct evidence_document *document, const json_t *cluster,  \
				 const char *pointer)                                              \
	{                                                                                          \
		char subject[SUBJECT_SIZE];                                                        \
		cluster_subject(cluster, subject);                                                 \
		name##_check(run, probe, document, cluster, pointer, subject);                     \
	}                                                                                          \
	static void name(struct probe_run *run, const struct probe *probe,                         \
			 const struct evidence_document *document)                                 \
	{                                                                                          \
		each_object(run, probe, document, name##_visit);                                   \
	}

static int is_open_cidr(const char *cidr)
{
	return cidr && (!strcmp(cidr, "0.0.0.0/0") || !strcmp(cidr, "::/0"));
}

CLUSTER_PROBE(gke_control_plane_access)
static void gke_control_plane_access_check(struct probe_run *run, const struct probe *probe,
					   const struct evidence_document *document,
					   const json_t *cluster, const char *base,
					   const char *subject)
{
	char pointer[POINTER_SIZE];
	if (json_is_true(probe_json_get(cluster, "privateClusterConfig.enablePrivateEndpoint"))) {
		pointer_to(pointer, base, cluster, "privateClusterConfig.enablePrivateEndpoint");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "the control plane has a private endpoint only");
		return;
	}
	const json_t *public_endpoint = probe_json_get(
		cluster, "controlPlaneEndpointsConfig.ipEndpointsConfig.enablePublicEndpoint");
	if (json_is_false(public_endpoint)) {
		pointer_to(pointer, base, cluster,
			   "controlPlaneEndpointsConfig.ipEndpointsConfig.enablePublicEndpoint");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "the control plane's public IP endpoint is disabled");
		return;
	}
	const json_t *networks = json_object_get(cluster, "masterAuthorizedNetworksConfig");
	if (!json_is_true(json_object_get(networks, "enabled"))) {
		pointer_to(pointer, base, cluster, "masterAuthorizedNetworksConfig");
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "the control plane's public endpoint accepts connections from any IP "
			     "address (authorized networks are off)");
		return;
	}
	size_t index;
	const json_t *block;
	json_array_foreach(json_object_get(networks, "cidrBlocks"), index, block) {
		const char *cidr = json_string_value(json_object_get(block, "cidrBlock"));
		if (is_open_cidr(cidr)) {
			snprintf(pointer, sizeof(pointer),
				 "%s/masterAuthorizedNetworksConfig/cidrBlocks/%zu/cidrBlock", base,
				 index);
			probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
				     "authorized networks include %s: the endpoint is open to the "
				     "internet",
				     cidr);
			return;
		}
	}
	if (json_is_true(json_object_get(networks, "gcpPublicCidrsAccessEnabled"))) {
		pointer_to(pointer, base, cluster,
			   "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled");
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "authorized networks also admit every Google Cloud public IP address, "
			     "including other customers' VMs");
		return;
	}
	pointer_to(pointer, base, cluster, "masterAuthorizedNetworksConfig");
	size_t count = json_array_size(json_object_get(networks, "cidrBlocks"));
	probe_report(run, probe, document, PROBE_PASS, subject, pointer,
		     "the public endpoint accepts only %zu authorized network%s", count,
		     count == 1 ? "" : "s");
}

CLUSTER_PROBE(gke_private_nodes)
static void gke_private_nodes_check(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document, const json_t *cluster,
				    const char *base, const char *subject)
{
	char pointer[POINTER_SIZE];
	static const char *const paths[] = {"privateClusterConfig.enablePrivateNodes",
					    "networkConfig.defaultEnablePrivateNodes"};
	for (size_t i = 0; i < 2; i++)
		if (json_is_true(probe_json_get(cluster, paths[i]))) {
			pointer_to(pointer, base, cluster, paths[i]);
			probe_report(run, probe, document, PROBE_PASS, subject, pointer,
				     "nodes have internal IP addresses only");
			return;
		}
	/* Each pool can still opt in on its own. */
	const json_t *pools = json_object_get(cluster, "nodePools");
	size_t index, private_pools = 0;
	const json_t *pool;
	json_array_foreach(pools, index, pool)
		private_pools +=
			json_is_true(probe_json_get(pool, "networkConfig.enablePrivateNodes"));
	if (private_pools && private_pools == json_array_size(pools)) {
		pointer_to(pointer, base, cluster, "nodePools");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "every node pool has private nodes");
		return;
	}
	pointer_to(pointer, base, cluster, "privateClusterConfig");
	probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
		     "nodes have public IP addresses (private nodes are off, the default)");
}

CLUSTER_PROBE(gke_network_policy)
static void gke_network_policy_check(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document,
				     const json_t *cluster, const char *base, const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *datapath = probe_json_string(cluster, "networkConfig.datapathProvider");
	if (datapath && !strcmp(datapath, "ADVANCED_DATAPATH")) {
		pointer_to(pointer, base, cluster, "networkConfig.datapathProvider");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "GKE Dataplane V2 enforces NetworkPolicy objects");
		return;
	}
	if (json_is_true(probe_json_get(cluster, "networkPolicy.enabled"))) {
		const char *provider = probe_json_string(cluster, "networkPolicy.provider");
		pointer_to(pointer, base, cluster, "networkPolicy.enabled");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "network policy enforcement is on (%s)",
			     provider ? provider : "CALICO");
		return;
	}
	pointer_to(pointer, base, cluster, "networkPolicy");
	probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
		     "no network policy enforcement (neither Dataplane V2 nor network policy): "
		     "all pods can reach each other");
}

CLUSTER_PROBE(gke_workload_identity)
static void gke_workload_identity_check(struct probe_run *run, const struct probe *probe,
					const struct evidence_document *document,
					const json_t *cluster, const char *base,
					const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *pool_name = probe_json_string(cluster, "workloadIdentityConfig.workloadPool");
	if (!pool_name || !*pool_name) {
		pointer_to(pointer, base, cluster, "workloadIdentityConfig.workloadPool");
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Workload Identity is off: pods use the node's service account");
		return;
	}
	size_t index;
	const json_t *pool;
	json_array_foreach(json_object_get(cluster, "nodePools"), index, pool) {
		const char *mode = probe_json_string(pool, "config.workloadMetadataConfig.mode");
		if (mode && !strcmp(mode, "GCE_METADATA")) {
			snprintf(pointer, sizeof(pointer),
				 "%s/nodePools/%zu/config/workloadMetadataConfig/mode", base,
				 index);
			probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
				     "node pool %s exposes the node's service account to pods "
				     "(GCE_METADATA)",
				     json_string_value(json_object_get(pool, "name"))
					     ? json_string_value(json_object_get(pool, "name"))
					     : "(unnamed)");
			return;
		}
	}
	pointer_to(pointer, base, cluster, "workloadIdentityConfig.workloadPool");
	probe_report(run, probe, document, PROBE_PASS, subject, pointer,
		     "Workload Identity is on (%s)", pool_name);
}

CLUSTER_PROBE(gke_shielded_nodes)
static void gke_shielded_nodes_check(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document,
				     const json_t *cluster, const char *base, const char *subject)
{
	char pointer[POINTER_SIZE];
	const json_t *shielded = json_object_get(cluster, "shieldedNodes");
	if (!json_is_object(shielded)) {
		pointer_to(pointer, base, cluster, "");
		probe_report(
			run, probe, document, PROBE_ERROR, subject, pointer,
			"shieldedNodes is missing; cannot tell whether nodes are Shielded VMs");
	} else if (json_is_true(json_object_get(shielded, "enabled"))) {
		pointer_to(pointer, base, cluster, "shieldedNodes.enabled");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "Shielded GKE Nodes are enabled");
	} else {
		pointer_to(pointer, base, cluster, "shieldedNodes");
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Shielded GKE Nodes are disabled: node identity and boot integrity "
			     "are not verified");
	}
}

/* GKE evaluation modes that enforce a Binary Authorization policy. */
static int binauthz_enforces(const char *mode)
{
	return mode && (!strcmp(mode, "PROJECT_SINGLETON_POLICY_ENFORCE") ||
			!strcmp(mode, "POLICY_BINDINGS") ||
			!strcmp(mode, "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE"));
}

CLUSTER_PROBE(gke_binary_authorization)
static void gke_binary_authorization_check(struct probe_run *run, const struct probe *probe,
					   const struct evidence_document *document,
					   const json_t *cluster, const char *base,
					   const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *mode = probe_json_string(cluster, "binaryAuthorization.evaluationMode");
	if (binauthz_enforces(mode)) {
		pointer_to(pointer, base, cluster, "binaryAuthorization.evaluationMode");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "Binary Authorization admits images by policy (%s)", mode);
	} else if (!mode && json_is_true(probe_json_get(cluster, "binaryAuthorization.enabled"))) {
		pointer_to(pointer, base, cluster, "binaryAuthorization.enabled");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "Binary Authorization is enabled (legacy enabled flag)");
	} else {
		pointer_to(pointer, base, cluster, "binaryAuthorization.evaluationMode");
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Binary Authorization is %s: any image can run",
			     mode ? mode : "not enabled");
	}
}

CLUSTER_PROBE(gke_secrets_encryption)
static void gke_secrets_encryption_check(struct probe_run *run, const struct probe *probe,
					 const struct evidence_document *document,
					 const json_t *cluster, const char *base,
					 const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *state = probe_json_string(cluster, "databaseEncryption.state");
	pointer_to(pointer, base, cluster, "databaseEncryption.state");
	if (state && !strcmp(state, "ENCRYPTED"))
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "application-layer secrets encryption with Cloud KMS key %s",
			     probe_json_string(cluster, "databaseEncryption.keyName")
				     ? probe_json_string(cluster, "databaseEncryption.keyName")
				     : "(not shown)");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Secrets are not encrypted at the application layer (%s): only "
			     "storage-level encryption protects them in etcd",
			     state ? state : "databaseEncryption not set");
}

/*
 * Legacy ABAC is disabled unless turned on: "Legacy ABAC is disabled by
 * default in clusters created with GKE version 1.8 and later", and gcloud
 * omits the false `legacyAbac.enabled` (it prints `legacyAbac: {}`), so
 * absence is the documented secure default. Source:
 * https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled
 */
CLUSTER_PROBE(gke_legacy_abac)
static void gke_legacy_abac_check(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document, const json_t *cluster,
				  const char *base, const char *subject)
{
	char pointer[POINTER_SIZE];
	const json_t *enabled = probe_json_get(cluster, "legacyAbac.enabled");
	pointer_to(pointer, base, cluster, "legacyAbac.enabled");
	if (json_is_true(enabled))
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "legacy ABAC is on: accounts keep static permissions beyond RBAC");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "legacy ABAC is off; RBAC alone authorizes");
}

CLUSTER_PROBE(gke_release_channel)
static void gke_release_channel_check(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document,
				      const json_t *cluster, const char *base, const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *channel = probe_json_string(cluster, "releaseChannel.channel");
	if (channel && strcmp(channel, "UNSPECIFIED")) {
		pointer_to(pointer, base, cluster, "releaseChannel.channel");
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "the cluster follows the %s release channel", channel);
	} else {
		pointer_to(pointer, base, cluster, "releaseChannel");
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "no release channel: the cluster runs a static version that is "
			     "upgraded by hand");
	}
}

/*
 * GKE gives each minor version about 14 months of standard support from its
 * availability in the Regular channel (424 days is the shortest 14 months),
 * then extended support on the paid Extended channel, up to 24 months in
 * all; outside it GKE upgrades the cluster. currentMasterVersion is the
 * control plane's version ("1.33.5-gke.1308000"). Source:
 * https://cloud.google.com/kubernetes-engine/versioning
 */
static const struct version_support_policy gke_support = {
	.provider = "gcp",
	.platform = "GKE",
	.min_support_days = 424,
	.support_span = "14 months",
	.after_end = "only the paid Extended channel still supports it; elsewhere GKE "
		     "upgrades the cluster",
};

CLUSTER_PROBE(gke_version_supported)
static void gke_version_supported_check(struct probe_run *run, const struct probe *probe,
					const struct evidence_document *document,
					const json_t *cluster, const char *base,
					const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *version = probe_json_string(cluster, "currentMasterVersion");
	pointer_to(pointer, base, cluster, "currentMasterVersion");
	long major, minor;
	if (probe_parse_minor_version(version, &major, &minor) < 0) {
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "the control plane's Kubernetes version (currentMasterVersion) is "
			     "missing or unreadable");
		return;
	}
	probe_version_support(run, probe, document, subject, pointer, &gke_support, major, minor);
}

/* --------------------------------------------------------- GKE node pools */

/*
 * Node settings live per node pool; an Autopilot cluster's evidence may list
 * no pools, and then its auto-provisioning defaults describe every node.
 * `config` holds imageType, serviceAccount, shieldedInstanceConfig; `pool`
 * holds management (for auto-provisioning defaults both are the same object).
 */
struct node_group {
	const json_t *pool;
	const json_t *config;
	char pool_pointer[POINTER_SIZE];
	char config_pointer[POINTER_SIZE];
	char subject[SUBJECT_SIZE + 80];
	int autopilot;
};

typedef void node_check(struct probe_run *run, const struct probe *probe,
			const struct evidence_document *document, const struct node_group *group);

static void each_node_group(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document, const json_t *cluster,
			    const char *base, node_check *check)
{
	char cluster_name[SUBJECT_SIZE];
	cluster_subject(cluster, cluster_name);
	struct node_group group = {.autopilot = is_autopilot(cluster)};
	const json_t *pools = json_object_get(cluster, "nodePools");
	size_t index;
	const json_t *pool;
	json_array_foreach(pools, index, pool) {
		const char *name = json_string_value(json_object_get(pool, "name"));
		group.pool = pool;
		group.config = json_object_get(pool, "config");
		snprintf(group.pool_pointer, sizeof(group.pool_pointer), "%s/nodePools/%zu", base,
			 index);
		pointer_to(group.config_pointer, group.pool_pointer, pool, "config");
		snprintf(group.subject, sizeof(group.subject), "%s node pool %s", cluster_name,
			 name ? name : "(unnamed)");
		check(run, probe, document, &group);
	}
	if (json_array_size(pools))
		return;
	const json_t *defaults =
		probe_json_get(cluster, "autoscaling.autoprovisioningNodePoolDefaults");
	if (group.autopilot && json_is_object(defaults)) {
		group.pool = group.config = defaults;
		pointer_to(group.pool_pointer, base, cluster,
			   "autoscaling.autoprovisioningNodePoolDefaults");
		snprintf(group.config_pointer, sizeof(group.config_pointer), "%s",
			 group.pool_pointer);
		snprintf(group.subject, sizeof(group.subject), "%s auto-provisioned nodes",
			 cluster_name);
		check(run, probe, document, &group);
		return;
	}
	char pointer[POINTER_SIZE];
	pointer_to(pointer, base, cluster, "");
	probe_report(run, probe, document, PROBE_ERROR, cluster_name, pointer,
		     "the evidence lists no node pools; cannot check node settings");
}

/* Defines `name`, the probe entry point that runs name_check on every node pool of every cluster.
 */
#define NODE_PROBE(name)                                                                           \
	static void name##_check(struct probe_run *, const struct probe *,                         \
				 const struct evidence_document *, const struct node_group *);     \
	static void name##_visit(struct probe_run *run, const struct probe *probe,                 \
				 const struct evidence_document *document, const json_t *cluster,  \
				 const char *pointer)                                              \
	{                                                                                          \
		each_node_group(run, probe, document, cluster, pointer, name##_check);             \
	}                                                                                          \
	static void name(struct probe_run *run, const struct probe *probe,                         \
			 const struct evidence_document *document)                                 \
	{                                                                                          \
		each_object(run, probe, document, name##_visit);                                   \
	}

NODE_PROBE(gke_secure_boot)
static void gke_secure_boot_check(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document,
				  const struct node_group *group)
{
	char pointer[POINTER_SIZE];
	const json_t *value =
		probe_json_get(group->config, "shieldedInstanceConfig.enableSecureBoot");
	pointer_to(pointer, group->config_pointer, group->config,
		   "shieldedInstanceConfig.enableSecureBoot");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, group->subject, pointer,
			     "nodes boot with Secure Boot");
	else if (group->autopilot && !value)
		probe_report(run, probe, document, PROBE_ERROR, group->subject, pointer,
			     "Autopilot configures the nodes, but the evidence does not show "
			     "whether Secure Boot is on");
	else
		probe_report(run, probe, document, PROBE_FAIL, group->subject, pointer,
			     "Secure Boot is off (the default for node pools): unsigned boot "
			     "components and kernel modules can load");
}

NODE_PROBE(gke_node_auto_upgrade)
static void gke_node_auto_upgrade_check(struct probe_run *run, const struct probe *probe,
					const struct evidence_document *document,
					const struct node_group *group)
{
	char pointer[POINTER_SIZE];
	const json_t *value = probe_json_get(group->pool, "management.autoUpgrade");
	pointer_to(pointer, group->pool_pointer, group->pool, "management.autoUpgrade");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, group->subject, pointer,
			     "nodes are upgraded and patched automatically");
	else
		probe_report(run, probe, document, PROBE_FAIL, group->subject, pointer,
			     "node auto-upgrade is off: node OS and kubelet patches wait for a "
			     "manual upgrade");
}

NODE_PROBE(gke_node_auto_repair)
static void gke_node_auto_repair_check(struct probe_run *run, const struct probe *probe,
				       const struct evidence_document *document,
				       const struct node_group *group)
{
	char pointer[POINTER_SIZE];
	const json_t *value = probe_json_get(group->pool, "management.autoRepair");
	pointer_to(pointer, group->pool_pointer, group->pool, "management.autoRepair");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, group->subject, pointer,
			     "unhealthy nodes are repaired (re-created) automatically");
	else
		probe_report(run, probe, document, PROBE_FAIL, group->subject, pointer,
			     "node auto-repair is off: failing nodes stay until someone acts");
}

NODE_PROBE(gke_node_image)
static void gke_node_image_check(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document,
				 const struct node_group *group)
{
	char pointer[POINTER_SIZE];
	const char *image = json_string_value(json_object_get(group->config, "imageType"));
	pointer_to(pointer, group->config_pointer, group->config, "imageType");
	if (!image)
		probe_report(run, probe, document, PROBE_ERROR, group->subject, pointer,
			     "imageType is missing; cannot tell the node OS");
	else if (!strcmp(image, "COS_CONTAINERD") || !strcmp(image, "COS"))
		probe_report(run, probe, document, PROBE_PASS, group->subject, pointer,
			     "nodes run Container-Optimized OS (%s)", image);
	else
		probe_report(run, probe, document, PROBE_FAIL, group->subject, pointer,
			     "nodes run %s, a general-purpose OS, not Container-Optimized OS",
			     image);
}

/* The Compute Engine default service account is a project Editor unless narrowed. */
static int is_default_service_account(const char *account)
{
	size_t length = account ? strlen(account) : 0;
	static const char suffix[] = "-compute@developer.gserviceaccount.com";
	return account && (!strcmp(account, "default") ||
			   (length > sizeof(suffix) - 1 &&
			    !strcmp(account + length - (sizeof(suffix) - 1), suffix)));
}

NODE_PROBE(gke_node_service_account)
static void gke_node_service_account_check(struct probe_run *run, const struct probe *probe,
					   const struct evidence_document *document,
					   const struct node_group *group)
{
	char pointer[POINTER_SIZE];
	const char *account = json_string_value(json_object_get(group->config, "serviceAccount"));
	pointer_to(pointer, group->config_pointer, group->config, "serviceAccount");
	if (!account)
		probe_report(run, probe, document, PROBE_ERROR, group->subject, pointer,
			     "serviceAccount is missing; cannot tell the nodes' identity");
	else if (is_default_service_account(account))
		probe_report(run, probe, document, PROBE_FAIL, group->subject, pointer,
			     "nodes use the Compute Engine default service account (Editor on the "
			     "project unless narrowed)");
	else
		probe_report(run, probe, document, PROBE_PASS, group->subject, pointer,
			     "nodes use a dedicated service account (%s)", account);
}

/* ------------------------------------------------------------------ Cloud Run */

static void service_subject(const json_t *service, char *subject)
{
	const char *name = probe_json_string(service, "metadata.name");
	if (!name) {
		/* v2: projects/P/locations/L/services/NAME */
		name = json_string_value(json_object_get(service, "name"));
		const char *slash = name ? strrchr(name, '/') : NULL;
		name = slash ? slash + 1 : name;
	}
	snprintf(subject, SUBJECT_SIZE, "Cloud Run service %s", name ? name : "(unnamed)");
}

/* A v1 annotation's value and its pointer. */
static const char *annotation(const json_t *service, const char *object, const char *name,
			      const char *base, char *pointer)
{
	char path[64];
	snprintf(path, sizeof(path), "%s.annotations", object);
	pointer_to(pointer, base, service, path);
	const char *value = json_string_value(json_object_get(probe_json_get(service, path), name));
	if (value)
		probe_pointer_append(pointer, POINTER_SIZE, name);
	return value;
}

/* Defines `name`, the probe entry point that runs name_check on every Cloud Run service, telling it
 * whether the service has the Knative shape. */
#define SERVICE_PROBE(name)                                                                        \
	static void name##_check(struct probe_run *, const struct probe *,                         \
				 const struct evidence_document *, const json_t *, const char *,   \
				 const char *, int);                                               \
	static void name##_visit(struct probe_run *run, const struct probe *probe,                 \
				 const struct evidence_document *document, const json_t *service,  \
				 const char *pointer)                                              \
	{                                                                                          \
		char subject[SUBJECT_SIZE];                                                        \
		service_subject(service, subject);                                                 \
		name##_check(run, probe, document, service, pointer, subject,                      \
			     is_knative_service(service));                                         \
	}                                                                                          \
	static void name(struct probe_run *run, const struct probe *probe,                         \
			 const struct evidence_document *document)                                 \
	{                                                                                          \
		each_object(run, probe, document, name##_visit);                                   \
	}

/*
 * Ingress `all` fails: 4.3.3a asks to separate networks by sensitivity, and
 * a service reachable from the internet is in the least trusted one. The
 * detail says so, so an intentionally public service can take an exception.
 * Unset ingress means all (Cloud Run's default).
 */
SERVICE_PROBE(run_ingress)
static void run_ingress_check(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document, const json_t *service,
			      const char *base, const char *subject, int knative)
{
	char pointer[POINTER_SIZE];
	const char *ingress;
	if (knative) {
		ingress = annotation(service, "metadata", "run.googleapis.com/ingress", base,
				     pointer);
	} else {
		ingress = json_string_value(json_object_get(service, "ingress"));
		pointer_to(pointer, base, service, "ingress");
	}
	int all = !ingress || !strcmp(ingress, "all") || !strcmp(ingress, "INGRESS_TRAFFIC_ALL");
	if (all)
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "ingress is %s: the service is reachable from the internet; "
			     "restrict it unless it is meant to be public",
			     ingress ? ingress : "not set (all, the default)");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "ingress is limited (%s)", ingress);
}

SERVICE_PROBE(run_binary_authorization)
static void run_binary_authorization_check(struct probe_run *run, const struct probe *probe,
					   const struct evidence_document *document,
					   const json_t *service, const char *base,
					   const char *subject, int knative)
{
	char pointer[POINTER_SIZE], breakglass_pointer[POINTER_SIZE];
	const char *policy, *breakglass;
	if (knative) {
		policy = annotation(service, "metadata", "run.googleapis.com/binary-authorization",
				    base, pointer);
		breakglass = annotation(service, "metadata",
					"run.googleapis.com/binary-authorization-breakglass", base,
					breakglass_pointer);
	} else {
		const json_t *config = json_object_get(service, "binaryAuthorization");
		policy = json_is_true(json_object_get(config, "useDefault"))
				 ? "default"
				 : json_string_value(json_object_get(config, "policy"));
		breakglass = json_string_value(json_object_get(config, "breakglassJustification"));
		pointer_to(pointer, base, service, "binaryAuthorization");
		pointer_to(breakglass_pointer, base, service,
			   "binaryAuthorization.breakglassJustification");
	}
	if (!policy)
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "Binary Authorization is not enforced: any image can be deployed");
	else if (breakglass)
		probe_report(run, probe, document, PROBE_FAIL, subject, breakglass_pointer,
			     "Binary Authorization is bypassed with a breakglass justification");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "deployments are checked by Binary Authorization (%s policy)", policy);
}

/*
 * An unset service account means the Compute Engine default service account:
 * "By default, Cloud Run services ... run as the default Compute Engine
 * service account". Source:
 * https://cloud.google.com/run/docs/securing/service-identity
 */
SERVICE_PROBE(run_service_account)
static void run_service_account_check(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document,
				      const json_t *service, const char *base, const char *subject,
				      int knative)
{
	char pointer[POINTER_SIZE];
	const char *path =
		knative ? "spec.template.spec.serviceAccountName" : "template.serviceAccount";
	const char *account = probe_json_string(service, path);
	pointer_to(pointer, base, service, path);
	if (!account || is_default_service_account(account))
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "the service runs as the Compute Engine default service account "
			     "(Editor on the project unless narrowed)");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "the service runs as its own service account (%s)", account);
}

/* ------------------------------------------------------------------ Artifact Registry */

static int is_docker_standard(const json_t *repository)
{
	const char *format = json_string_value(json_object_get(repository, "format"));
	const char *mode = json_string_value(json_object_get(repository, "mode"));
	return format && !strcmp(format, "DOCKER") &&
	       (!mode || !strcmp(mode, "STANDARD_REPOSITORY"));
}

static void repository_subject(const json_t *repository, char *subject)
{
	const char *name = json_string_value(json_object_get(repository, "name"));
	const char *slash = name ? strrchr(name, '/') : NULL;
	snprintf(subject, SUBJECT_SIZE, "repository %s", slash ? slash + 1 : "(unnamed)");
}

/* Only Docker repositories hold container images; remote and virtual ones proxy others. */
#define REPOSITORY_PROBE(name)                                                                     \
	static void name##_check(struct probe_run *, const struct probe *,                         \
				 const struct evidence_document *, const json_t *, const char *,   \
				 const char *);                                                    \
	static void name##_visit(struct probe_run *run, const struct probe *probe,                 \
				 const struct evidence_document *document,                         \
				 const json_t *repository, const char *pointer)                    \
	{                                                                                          \
		char subject[SUBJECT_SIZE];                                                        \
		if (!is_docker_standard(repository))                                               \
			return;                                                                    \
		repository_subject(repository, subject);                                           \
		name##_check(run, probe, document, repository, pointer, subject);                  \
	}                                                                                          \
	static void name(struct probe_run *run, const struct probe *probe,                         \
			 const struct evidence_document *document)                                 \
	{                                                                                          \
		each_object(run, probe, document, name##_visit);                                   \
	}

REPOSITORY_PROBE(ar_vulnerability_scanning)
static void ar_vulnerability_scanning_check(struct probe_run *run, const struct probe *probe,
					    const struct evidence_document *document,
					    const json_t *repository, const char *base,
					    const char *subject)
{
	char pointer[POINTER_SIZE];
	const char *state =
		probe_json_string(repository, "vulnerabilityScanningConfig.enablementState");
	const char *reason =
		probe_json_string(repository, "vulnerabilityScanningConfig.enablementStateReason");
	pointer_to(pointer, base, repository, "vulnerabilityScanningConfig.enablementState");
	if (!state)
		probe_report(run, probe, document, PROBE_ERROR, subject, pointer,
			     "vulnerabilityScanningConfig is missing; cannot tell whether images "
			     "are scanned");
	else if (!strcmp(state, "SCANNING_ACTIVE"))
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "Artifact Analysis scans the repository's images");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "images are not scanned (%s%s%s)", state, reason ? ": " : "",
			     reason ? reason : "");
}

REPOSITORY_PROBE(ar_immutable_tags)
static void ar_immutable_tags_check(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document,
				    const json_t *repository, const char *base, const char *subject)
{
	char pointer[POINTER_SIZE];
	const json_t *value = probe_json_get(repository, "dockerConfig.immutableTags");
	pointer_to(pointer, base, repository, "dockerConfig.immutableTags");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "tags are immutable");
	else
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "tags can be moved to other images (immutable tags are off, the "
			     "default)");
}

REPOSITORY_PROBE(ar_cleanup_policies)
static void ar_cleanup_policies_check(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document,
				      const json_t *repository, const char *base,
				      const char *subject)
{
	char pointer[POINTER_SIZE];
	const json_t *policies = json_object_get(repository, "cleanupPolicies");
	pointer_to(pointer, base, repository, "cleanupPolicies");
	if (!json_object_size(policies))
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "no cleanup policies: old and vulnerable images are kept forever");
	else if (json_is_true(json_object_get(repository, "cleanupPolicyDryRun")))
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "cleanup policies run in dry-run mode only: nothing is deleted");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, pointer,
			     "%zu cleanup polic%s delete stale images", json_object_size(policies),
			     json_object_size(policies) == 1 ? "y" : "ies");
}

/* ------------------------------------------------------------------ table */

static const char *const controls_api_exposure[] = {"4.3.2c", NULL};
static const char *const controls_host_access[] = {"4.5.4b", NULL};
static const char *const controls_network_policy[] = {"4.3.3b", NULL};
static const char *const controls_workload_identity[] = {"4.3.1c", NULL};
static const char *const controls_secure_boot[] = {"4.6a", NULL};
static const char *const controls_signatures[] = {"4.1.5c", NULL};
static const char *const controls_secrets_encryption[] = {"4.1.4c", NULL};
static const char *const controls_rbac[] = {"4.3.1a", NULL};
static const char *const controls_supported_version[] = {"4.4.1b", NULL};
static const char *const controls_host_patching[] = {"4.5.3a", NULL};
static const char *const controls_node_repair[] = {"4.3.5c", NULL};
static const char *const controls_host_os[] = {"4.5.1a", NULL};
static const char *const controls_network_separation[] = {"4.3.3a", NULL};
static const char *const controls_registry_scanning[] = {"4.1.1b", NULL};
static const char *const controls_tag_immutability[] = {"4.2.2c", NULL};
static const char *const controls_prune[] = {"4.2.2a", NULL};

static const struct probe gcp_probes[] = {
	{"gcp.ar.cleanup-policies", "Artifact Registry repositories delete stale images",
	 KIND_AR_REPOSITORY, controls_prune, ar_cleanup_policies},
	{"gcp.ar.immutable-tags", "Artifact Registry repositories have immutable tags",
	 KIND_AR_REPOSITORY, controls_tag_immutability, ar_immutable_tags},
	{"gcp.ar.vulnerability-scanning", "Artifact Registry scans repository images",
	 KIND_AR_REPOSITORY, controls_registry_scanning, ar_vulnerability_scanning},
	{"gcp.gke.binary-authorization", "GKE enforces a Binary Authorization policy",
	 KIND_GKE_CLUSTER, controls_signatures, gke_binary_authorization},
	{"gcp.gke.control-plane-access",
	 "GKE control plane is private or limited to authorized networks", KIND_GKE_CLUSTER,
	 controls_api_exposure, gke_control_plane_access},
	{"gcp.gke.legacy-abac", "GKE legacy ABAC is off", KIND_GKE_CLUSTER, controls_rbac,
	 gke_legacy_abac},
	{"gcp.gke.network-policy", "GKE enforces network policies (Dataplane V2 or Calico)",
	 KIND_GKE_CLUSTER, controls_network_policy, gke_network_policy},
	{"gcp.gke.node-auto-repair", "GKE node pools repair nodes automatically", KIND_GKE_CLUSTER,
	 controls_node_repair, gke_node_auto_repair},
	{"gcp.gke.node-auto-upgrade", "GKE node pools upgrade nodes automatically",
	 KIND_GKE_CLUSTER, controls_host_patching, gke_node_auto_upgrade},
	{"gcp.gke.node-image", "GKE nodes run Container-Optimized OS", KIND_GKE_CLUSTER,
	 controls_host_os, gke_node_image},
	{"gcp.gke.node-service-account", "GKE nodes use a dedicated service account",
	 KIND_GKE_CLUSTER, controls_workload_identity, gke_node_service_account},
	{"gcp.gke.private-nodes", "GKE nodes have no public IP addresses", KIND_GKE_CLUSTER,
	 controls_host_access, gke_private_nodes},
	{"gcp.gke.release-channel", "GKE cluster is enrolled in a release channel",
	 KIND_GKE_CLUSTER, controls_supported_version, gke_release_channel},
	{"gcp.gke.secrets-encryption", "GKE encrypts Secrets at the application layer with KMS",
	 KIND_GKE_CLUSTER, controls_secrets_encryption, gke_secrets_encryption},
	{"gcp.gke.secure-boot", "GKE nodes boot with Secure Boot", KIND_GKE_CLUSTER,
	 controls_secure_boot, gke_secure_boot},
	{"gcp.gke.shielded-nodes", "GKE uses Shielded GKE Nodes", KIND_GKE_CLUSTER,
	 controls_secure_boot, gke_shielded_nodes},
	{"gcp.gke.version-supported", "GKE runs a Kubernetes version in standard support",
	 KIND_GKE_CLUSTER, controls_supported_version, gke_version_supported},
	{"gcp.gke.workload-identity", "GKE pods get their own identity (Workload Identity)",
	 KIND_GKE_CLUSTER, controls_workload_identity, gke_workload_identity},
	{"gcp.run.binary-authorization",
	 "Cloud Run deployments are checked by Binary "
	 "Authorization",
	 KIND_RUN_SERVICE, controls_signatures, run_binary_authorization},
	{"gcp.run.ingress", "Cloud Run services are not reachable from the whole internet",
	 KIND_RUN_SERVICE, controls_network_separation, run_ingress},
	{"gcp.run.service-account", "Cloud Run services run as a dedicated service account",
	 KIND_RUN_SERVICE, controls_workload_identity, run_service_account},
};

const struct probe_family probe_family_gcp = {
	.name = "gcp",
	.probes = gcp_probes,
	.probe_count = sizeof(gcp_probes) / sizeof(gcp_probes[0]),
	.sniff = gcp_sniff,
	.finish = NULL,
};
