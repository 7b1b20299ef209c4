/*
 * Azure probes: AKS clusters and container registries, from `az aks show`
 * and `az acr show` (flattened, keys re-cased: enableRbac) or from the ARM
 * resource itself (settings under `properties`, REST casing: enableRBAC),
 * one resource or an ARM list (`value`). Keys are matched case-insensitively
 * and pointers use the key as the document spells it. JSON null is "unset":
 * az prints every attribute, null when the service returned none.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "probe/probe.h"

#define KIND_AKS_CLUSTER  "azure.aks.cluster"
#define KIND_ACR_REGISTRY "azure.acr.registry"

#define SUBJECT_SIZE 320
#define POINTER_SIZE 320

/* Case-insensitive substring search (strcasestr is not standard C). */
static int contains_ci(const char *text, const char *needle)
{
	size_t length = strlen(needle);
	for (; *text; text++)
		if (!strncasecmp(text, needle, length))
			return 1;
	return 0;
}

static const char *resource_kind(const json_t *resource)
{
	const char *type = json_string_value(json_object_get(resource, "type"));
	const char *id = json_string_value(json_object_get(resource, "id"));
	if (type) {
		if (!strcasecmp(type, "Microsoft.ContainerService/managedClusters"))
			return KIND_AKS_CLUSTER;
		if (!strcasecmp(type, "Microsoft.ContainerRegistry/registries"))
			return KIND_ACR_REGISTRY;
		return NULL;
	}
	if (id && contains_ci(id, "/providers/Microsoft.ContainerService/managedClusters/"))
		return KIND_AKS_CLUSTER;
	if (id && contains_ci(id, "/providers/Microsoft.ContainerRegistry/registries/"))
		return KIND_ACR_REGISTRY;
	return NULL;
}

static const char *azure_sniff(const json_t *root)
{
	const char *kind = resource_kind(root);
	if (kind)
		return kind;
	/* An ARM list response: {"value": [resource, ...]}. */
	const json_t *value = json_object_get(root, "value");
	if (json_is_array(value) && json_array_size(value) > 0)
		return resource_kind(json_array_get(value, 0));
	return NULL;
}

/* One resource as a check sees it: its settings object and where that sits. */
struct resource {
	const json_t *settings; /* `properties`, or the resource itself when flattened */
	const json_t *root;
	char pointer[POINTER_SIZE]; /* of `settings` */
	char subject[SUBJECT_SIZE];
};

/* The member `name` of `object`, matched case-insensitively; *key gets its spelling. */
static const json_t *member(const json_t *object, const char *name, size_t length, const char **key)
{
	const char *candidate;
	json_t *value;
	if (!json_is_object(object))
		return NULL;
	json_object_foreach((json_t *)object, candidate, value) {
		if (strlen(candidate) == length && !strncasecmp(candidate, name, length)) {
			*key = candidate;
			return json_is_null(value) ? NULL : value;
		}
	}
	return NULL;
}

/*
 * The value at dot-separated `path` under the resource's settings, or NULL
 * (JSON null counts as absent). `pointer` gets the location of the value, or
 * of the deepest member that exists, so an error still points somewhere.
 */
static const json_t *field(const struct resource *resource, const char *path, char *pointer)
{
	const json_t *node = resource->settings;
	snprintf(pointer, POINTER_SIZE, "%s", resource->pointer);
	while (*path) {
		const char *dot = strchr(path, '.');
		size_t length = dot ? (size_t)(dot - path) : strlen(path);
		const char *key = NULL;
		node = member(node, path, length, &key);
		if (!node)
			return NULL;
		probe_pointer_append(pointer, POINTER_SIZE, key);
		path += length + (dot != NULL);
	}
	return node;
}

typedef void resource_check(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document,
			    const struct resource *resource);

static void visit(struct probe_run *run, const struct probe *probe,
		  const struct evidence_document *document, const json_t *root, const char *pointer,
		  resource_check *check)
{
	struct resource resource = {.root = root, .settings = root};
	snprintf(resource.pointer, sizeof(resource.pointer), "%s", pointer);
	const char *key = NULL;
	const json_t *properties = member(root, "properties", 10, &key);
	if (json_is_object(properties)) {
		resource.settings = properties;
		probe_pointer_append(resource.pointer, sizeof(resource.pointer), key);
	}
	const char *name = json_string_value(json_object_get(root, "name"));
	snprintf(resource.subject, sizeof(resource.subject), "%s %s",
		 strcmp(document->kind, KIND_ACR_REGISTRY) ? "cluster" : "registry",
		 name ? name : "(unnamed)");
	check(run, probe, document, &resource);
}

static void each_resource(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document, resource_check *check)
{
	if (resource_kind(document->root)) {
		visit(run, probe, document, document->root, "", check);
		return;
	}
	size_t index;
	const json_t *item;
	json_array_foreach(json_object_get(document->root, "value"), index, item) {
		char pointer[32];
		/* Only the items of the kind this probe reads (lists may mix). */
		if (!resource_kind(item) || strcmp(resource_kind(item), document->kind))
			continue;
		snprintf(pointer, sizeof(pointer), "/value/%zu", index);
		visit(run, probe, document, item, pointer, check);
	}
}

/* Defines `name`, the probe entry point that runs name_check on every resource. */
#define RESOURCE_PROBE(name)                                                                       \
	static void name##_check(struct probe_run *, const struct probe *,                         \
				 const struct evidence_document *, const struct resource *);       \
	static void name(struct probe_run *run, const struct probe *probe,                         \
			 const struct evidence_document *document)                                 \
	{                                                                                          \
		each_resource(run, probe, document, name##_check);                                 \
	}

static void report(struct probe_run *run, const struct probe *probe,
		   const struct evidence_document *document, const struct resource *resource,
		   enum probe_outcome outcome, const char *pointer, const char *detail)
{
	probe_report(run, probe, document, outcome, resource->subject, pointer, "%s", detail);
}

/* ------------------------------------------------------------------ AKS */

RESOURCE_PROBE(aks_local_accounts)
static void aks_local_accounts_check(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document,
				     const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *value = field(resource, "disableLocalAccounts", pointer);
	if (json_is_true(value))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "local accounts are disabled: every login goes through Entra ID");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       value ? "local accounts are enabled: the static cluster-admin "
			       "credential (az aks get-credentials --admin) works"
			     : "disableLocalAccounts is not set, so local accounts are enabled "
			       "(the default)");
}

RESOURCE_PROBE(aks_entra_id)
static void aks_entra_id_check(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document,
			       const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *profile = field(resource, "aadProfile", pointer);
	if (!profile) {
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "no Entra ID integration (aadProfile is not set): users authenticate "
		       "with cluster certificates");
		return;
	}
	const json_t *managed = field(resource, "aadProfile.managed", pointer);
	if (json_is_true(managed))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "AKS-managed Entra ID integration is on");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "legacy (unmanaged) Entra ID integration; it is deprecated, use the "
		       "AKS-managed integration");
}

RESOURCE_PROBE(aks_azure_rbac)
static void aks_azure_rbac_check(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document,
				 const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	/* az prints enableAzureRbac, ARM enableAzureRBAC; field() matches both. */
	const json_t *value = field(resource, "aadProfile.enableAzureRbac", pointer);
	if (json_is_true(value))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "Kubernetes authorization uses Azure RBAC role assignments");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       value ? "Azure RBAC for Kubernetes authorization is off"
			     : "Azure RBAC for Kubernetes authorization is not enabled");
}

RESOURCE_PROBE(aks_kubernetes_rbac)
static void aks_kubernetes_rbac_check(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document,
				      const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *value = field(resource, "enableRbac", pointer);
	if (!json_is_boolean(value))
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "enableRBAC is missing; cannot tell whether Kubernetes RBAC is on");
	else if (json_is_true(value))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "Kubernetes RBAC is enabled");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "Kubernetes RBAC is disabled: every authenticated user can do anything");
}

RESOURCE_PROBE(aks_network_policy)
static void aks_network_policy_check(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document,
				     const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[160];
	if (!field(resource, "networkProfile", pointer)) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "networkProfile is missing; cannot tell the network policy engine");
		return;
	}
	const char *engine =
		json_string_value(field(resource, "networkProfile.networkPolicy", pointer));
	if (engine && strcasecmp(engine, "none")) {
		snprintf(detail, sizeof(detail), "NetworkPolicy objects are enforced (%s)", engine);
		report(run, probe, document, resource, PROBE_PASS, pointer, detail);
	} else {
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "no network policy engine: NetworkPolicy objects are ignored and all pods "
		       "can reach each other");
	}
}

static int is_open_range(const char *range)
{
	return range && (!strcmp(range, "0.0.0.0/0") || !strcmp(range, "::/0"));
}

RESOURCE_PROBE(aks_api_access)
static void aks_api_access_check(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document,
				 const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[160];
	if (json_is_true(field(resource, "apiServerAccessProfile.enablePrivateCluster", pointer))) {
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "private cluster: the API server has no public endpoint");
		return;
	}
	const char *network = json_string_value(field(resource, "publicNetworkAccess", pointer));
	if (network && !strcasecmp(network, "Disabled")) {
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "public network access to the API server is disabled");
		return;
	}
	const json_t *ranges =
		field(resource, "apiServerAccessProfile.authorizedIpRanges", pointer);
	size_t index;
	const json_t *range;
	json_array_foreach(ranges, index, range) {
		if (is_open_range(json_string_value(range))) {
			snprintf(detail, sizeof(detail),
				 "the API server is public to the whole internet (%s authorized)",
				 json_string_value(range));
			char key[24];
			snprintf(key, sizeof(key), "%zu", index);
			probe_pointer_append(pointer, sizeof(pointer), key);
			report(run, probe, document, resource, PROBE_FAIL, pointer, detail);
			return;
		}
	}
	if (json_array_size(ranges)) {
		snprintf(detail, sizeof(detail),
			 "the public API server accepts only %zu authorized IP range%s",
			 json_array_size(ranges), json_array_size(ranges) == 1 ? "" : "s");
		report(run, probe, document, resource, PROBE_PASS, pointer, detail);
		return;
	}
	report(run, probe, document, resource, PROBE_FAIL, pointer,
	       "the API server is public and reachable from any IP address (not private, no "
	       "authorized IP ranges)");
}

RESOURCE_PROBE(aks_defender)
static void aks_defender_check(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document,
			       const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *value =
		field(resource, "securityProfile.defender.securityMonitoring.enabled", pointer);
	if (json_is_true(value))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "the Defender for Containers sensor monitors the nodes");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "the Defender for Containers sensor is not enabled on this cluster: no "
		       "runtime threat detection");
}

RESOURCE_PROBE(aks_azure_policy)
static void aks_azure_policy_check(struct probe_run *run, const struct probe *probe,
				   const struct evidence_document *document,
				   const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *value = field(resource, "addonProfiles.azurepolicy.enabled", pointer);
	if (json_is_true(value))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "the Azure Policy add-on (Gatekeeper) admits pods against policy");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "the Azure Policy add-on is not enabled: no policy-based admission "
		       "control");
}

RESOURCE_PROBE(aks_auto_upgrade)
static void aks_auto_upgrade_check(struct probe_run *run, const struct probe *probe,
				   const struct evidence_document *document,
				   const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[200];
	const char *channel =
		json_string_value(field(resource, "autoUpgradeProfile.upgradeChannel", pointer));
	if (!channel || !strcasecmp(channel, "none")) {
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "no cluster auto-upgrade channel (none, the AKS Standard default): "
		       "Kubernetes versions are upgraded by hand");
	} else if (!strcasecmp(channel, "node-image")) {
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "the node-image channel upgrades node images only, never the Kubernetes "
		       "version");
	} else {
		snprintf(detail, sizeof(detail), "the cluster follows the %s auto-upgrade channel",
			 channel);
		report(run, probe, document, resource, PROBE_PASS, pointer, detail);
	}
}

/*
 * AKS supports each GA minor version for 12 months (365 days), then only
 * platform support; long-term support (Premium tier, supportPlan
 * AKSLongTermSupport) adds a paid year. currentKubernetesVersion is the
 * running patch; kubernetesVersion may be only the requested alias. Source:
 * https://learn.microsoft.com/azure/aks/supported-kubernetes-versions
 */
static const struct version_support_policy aks_support = {
	.provider = "azure",
	.platform = "AKS",
	.min_support_days = 365,
	.support_span = "12 months",
	.after_end = "then only platform support, or paid long-term support on the Premium tier",
};

RESOURCE_PROBE(aks_version_supported)
static void aks_version_supported_check(struct probe_run *run, const struct probe *probe,
					const struct evidence_document *document,
					const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const char *version =
		json_string_value(field(resource, "currentKubernetesVersion", pointer));
	if (!version)
		version = json_string_value(field(resource, "kubernetesVersion", pointer));
	long major, minor;
	if (probe_parse_minor_version(version, &major, &minor) < 0) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "the cluster's Kubernetes version (currentKubernetesVersion) is missing or "
		       "unreadable");
		return;
	}
	probe_version_support(run, probe, document, resource->subject, pointer, &aks_support, major,
			      minor);
}

/*
 * An absent node OS channel is an error, not a default: AKS documents
 * NodeImage as the default since API 2023-06-01 but "manual" for older
 * clusters, so absence alone does not say which applies.
 */
RESOURCE_PROBE(aks_node_os_upgrade)
static void aks_node_os_upgrade_check(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document,
				      const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[200];
	const char *channel = json_string_value(
		field(resource, "autoUpgradeProfile.nodeOsUpgradeChannel", pointer));
	if (!channel) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "autoUpgradeProfile.nodeOSUpgradeChannel is not shown; its default "
		       "depends on the API version the cluster was created with");
	} else if (!strcasecmp(channel, "NodeImage") || !strcasecmp(channel, "SecurityPatch")) {
		snprintf(detail, sizeof(detail), "node OS updates are applied by AKS (%s)",
			 channel);
		report(run, probe, document, resource, PROBE_PASS, pointer, detail);
	} else if (!strcasecmp(channel, "Unmanaged")) {
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "Unmanaged: the OS installs package updates, but kernel fixes wait for "
		       "reboots nobody schedules");
	} else {
		snprintf(detail, sizeof(detail),
			 "node OS channel %s: security updates of the nodes are yours to apply",
			 channel);
		report(run, probe, document, resource, PROBE_FAIL, pointer, detail);
	}
}

/* ------------------------------------------------------------------ ACR */

/* Policies such as quarantine need Premium; say so when the registry is not. */
static const char *premium_note(const struct resource *resource)
{
	const char *sku = probe_json_string(resource->root, "sku.name");
	return sku && strcasecmp(sku, "Premium")
		       ? " (a Premium feature; this registry is not Premium)"
		       : "";
}

RESOURCE_PROBE(acr_admin_user)
static void acr_admin_user_check(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document,
				 const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *value = field(resource, "adminUserEnabled", pointer);
	if (!json_is_boolean(value))
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "adminUserEnabled is missing; cannot tell whether the shared admin "
		       "account exists");
	else if (json_is_false(value))
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "the shared admin account is disabled");
	else
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "the shared admin account is enabled: one static password pushes and "
		       "pulls every repository");
}

/*
 * "By default, access to pull or push content from an Azure container
 * registry is only available to authenticated users", so an absent
 * anonymousPullEnabled (older API versions) is the documented secure
 * default. Source:
 * https://learn.microsoft.com/azure/container-registry/anonymous-pull-access
 */
RESOURCE_PROBE(acr_anonymous_pull)
static void acr_anonymous_pull_check(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document,
				     const struct resource *resource)
{
	char pointer[POINTER_SIZE];
	const json_t *value = field(resource, "anonymousPullEnabled", pointer);
	if (json_is_true(value))
		report(run, probe, document, resource, PROBE_FAIL, pointer,
		       "anonymous pull is enabled: anyone can pull every image");
	else
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       value ? "anonymous pull is disabled"
			     : "anonymous pull is not enabled (authenticated access only, the "
			       "default)");
}

RESOURCE_PROBE(acr_public_network)
static void acr_public_network_check(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document,
				     const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[200];
	const char *access = json_string_value(field(resource, "publicNetworkAccess", pointer));
	if (!access) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "publicNetworkAccess is missing; cannot tell whether the registry is "
		       "public");
		return;
	}
	if (!strcasecmp(access, "Disabled")) {
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "public network access is disabled (private endpoints only)");
		return;
	}
	char rules_pointer[POINTER_SIZE];
	const char *action =
		json_string_value(field(resource, "networkRuleSet.defaultAction", rules_pointer));
	if (action && !strcasecmp(action, "Deny")) {
		char ip_pointer[POINTER_SIZE];
		size_t rules =
			json_array_size(field(resource, "networkRuleSet.ipRules", ip_pointer));
		snprintf(detail, sizeof(detail),
			 "the public endpoint denies by default and allows %zu IP rule%s", rules,
			 rules == 1 ? "" : "s");
		report(run, probe, document, resource, PROBE_PASS, rules_pointer, detail);
		return;
	}
	report(run, probe, document, resource, PROBE_FAIL, action ? rules_pointer : pointer,
	       "the registry is reachable from any network (public network access enabled, "
	       "firewall default action Allow)");
}

/* The status of policies.NAME ("enabled"/"disabled"), or NULL. */
static const char *policy_status(const struct resource *resource, const char *name, char *pointer)
{
	char path[96];
	snprintf(path, sizeof(path), "policies.%s.status", name);
	return json_string_value(field(resource, path, pointer));
}

/*
 * Docker Content Trust in ACR is deprecated; Microsoft removes it on
 * 2028-03-31 in favour of Notary Project signatures. Source:
 * https://learn.microsoft.com/cli/azure/acr/config/content-trust
 */
RESOURCE_PROBE(acr_content_trust)
static void acr_content_trust_check(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document,
				    const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[300];
	const char *status = policy_status(resource, "trustPolicy", pointer);
	if (!status) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "policies.trustPolicy is missing; cannot tell whether content trust is on");
	} else if (!strcasecmp(status, "enabled")) {
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "content trust is enabled; note Docker Content Trust is deprecated and "
		       "removed on 2028-03-31, plan Notary Project signing");
	} else {
		snprintf(detail, sizeof(detail),
			 "content trust is %s%s; Docker Content Trust is deprecated (removed "
			 "2028-03-31), so sign with Notary Project instead",
			 status, premium_note(resource));
		report(run, probe, document, resource, PROBE_FAIL, pointer, detail);
	}
}

RESOURCE_PROBE(acr_quarantine)
static void acr_quarantine_check(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document,
				 const struct resource *resource)
{
	char pointer[POINTER_SIZE], detail[300];
	const char *status = policy_status(resource, "quarantinePolicy", pointer);
	if (!status) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "policies.quarantinePolicy is missing; cannot tell whether pushed images "
		       "are quarantined");
	} else if (!strcasecmp(status, "enabled")) {
		report(run, probe, document, resource, PROBE_PASS, pointer,
		       "pushed images stay quarantined until a scanner releases them");
	} else {
		snprintf(detail, sizeof(detail),
			 "quarantine is %s%s: a pushed image can be pulled before it is scanned",
			 status, premium_note(resource));
		report(run, probe, document, resource, PROBE_FAIL, pointer, detail);
	}
}

RESOURCE_PROBE(acr_retention)
static void acr_retention_check(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document,
				const struct resource *resource)
{
	char pointer[POINTER_SIZE], days_pointer[POINTER_SIZE], detail[300];
	const char *status = policy_status(resource, "retentionPolicy", pointer);
	const json_t *days = field(resource, "policies.retentionPolicy.days", days_pointer);
	if (!status) {
		report(run, probe, document, resource, PROBE_ERROR, pointer,
		       "policies.retentionPolicy is missing; cannot tell whether untagged "
		       "manifests are purged");
	} else if (!strcasecmp(status, "enabled")) {
		snprintf(detail, sizeof(detail), "untagged manifests are deleted after %lld days",
			 (long long)json_integer_value(days));
		report(run, probe, document, resource, PROBE_PASS, pointer, detail);
	} else {
		snprintf(detail, sizeof(detail),
			 "the retention policy is %s%s: untagged manifests are kept forever",
			 status, premium_note(resource));
		report(run, probe, document, resource, PROBE_FAIL, pointer, detail);
	}
}

/* ------------------------------------------------------------------ table */

static const char *const controls_sso[] = {"4.3.2a", NULL};
static const char *const controls_local_accounts[] = {"4.3.2b", NULL};
static const char *const controls_rbac[] = {"4.3.1a", NULL};
static const char *const controls_api_exposure[] = {"4.3.2c", NULL};
static const char *const controls_network_policy[] = {"4.3.3b", NULL};
static const char *const controls_threat_detection[] = {"4.4.4a", NULL};
static const char *const controls_admission[] = {"4.4.5c", NULL};
static const char *const controls_supported_version[] = {"4.4.1b", NULL};
static const char *const controls_host_patching[] = {"4.5.3a", NULL};
static const char *const controls_registry_auth[] = {"4.2.3a", NULL};
static const char *const controls_registry_network[] = {"4.2.1c", NULL};
static const char *const controls_trusted_repositories[] = {"4.1.5d", NULL};
static const char *const controls_push_after_scan[] = {"4.2.3d", NULL};
static const char *const controls_prune[] = {"4.2.2a", NULL};

static const struct probe azure_probes[] = {
	{"azure.acr.admin-user", "ACR shared admin account is disabled", KIND_ACR_REGISTRY,
	 controls_registry_auth, acr_admin_user},
	{"azure.acr.anonymous-pull", "ACR refuses anonymous pulls", KIND_ACR_REGISTRY,
	 controls_registry_auth, acr_anonymous_pull},
	{"azure.acr.content-trust", "ACR content trust is enabled (deprecated; Notary successor)",
	 KIND_ACR_REGISTRY, controls_trusted_repositories, acr_content_trust},
	{"azure.acr.public-network", "ACR is not reachable from every network", KIND_ACR_REGISTRY,
	 controls_registry_network, acr_public_network},
	{"azure.acr.quarantine", "ACR quarantines pushed images until they are scanned",
	 KIND_ACR_REGISTRY, controls_push_after_scan, acr_quarantine},
	{"azure.acr.retention", "ACR purges untagged manifests after a retention period",
	 KIND_ACR_REGISTRY, controls_prune, acr_retention},
	{"azure.aks.api-access", "AKS API server is private or limited to authorized IP ranges",
	 KIND_AKS_CLUSTER, controls_api_exposure, aks_api_access},
	{"azure.aks.auto-upgrade", "AKS follows a cluster auto-upgrade channel", KIND_AKS_CLUSTER,
	 controls_supported_version, aks_auto_upgrade},
	{"azure.aks.azure-policy", "AKS runs the Azure Policy add-on for admission control",
	 KIND_AKS_CLUSTER, controls_admission, aks_azure_policy},
	{"azure.aks.azure-rbac", "AKS authorizes Kubernetes access with Azure RBAC",
	 KIND_AKS_CLUSTER, controls_rbac, aks_azure_rbac},
	{"azure.aks.defender", "AKS runs the Defender for Containers sensor", KIND_AKS_CLUSTER,
	 controls_threat_detection, aks_defender},
	{"azure.aks.entra-id", "AKS uses the AKS-managed Entra ID integration", KIND_AKS_CLUSTER,
	 controls_sso, aks_entra_id},
	{"azure.aks.kubernetes-rbac", "AKS has Kubernetes RBAC enabled", KIND_AKS_CLUSTER,
	 controls_rbac, aks_kubernetes_rbac},
	{"azure.aks.local-accounts", "AKS local accounts are disabled", KIND_AKS_CLUSTER,
	 controls_local_accounts, aks_local_accounts},
	{"azure.aks.network-policy", "AKS enforces Kubernetes network policies", KIND_AKS_CLUSTER,
	 controls_network_policy, aks_network_policy},
	{"azure.aks.node-os-upgrade", "AKS applies node OS updates automatically", KIND_AKS_CLUSTER,
	 controls_host_patching, aks_node_os_upgrade},
	{"azure.aks.version-supported", "AKS runs a Kubernetes version in standard support",
	 KIND_AKS_CLUSTER, controls_supported_version, aks_version_supported},
};

const struct probe_family probe_family_azure = {
	.name = "azure",
	.probes = azure_probes,
	.probe_count = sizeof(azure_probes) / sizeof(azure_probes[0]),
	.sniff = azure_sniff,
	.finish = NULL,
};
