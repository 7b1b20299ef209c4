/*
 * Kubernetes probes that span documents or read cluster objects rather than
 * workloads: a default-deny NetworkPolicy (ingress and egress separately)
 * and a Pod Security Admission level in every namespace that runs
 * workloads, and cluster-admin bindings. Workloads, policies and Namespaces
 * may sit in different files of one evidence folder, in any order, so the
 * namespace results are reported from the family's `finish` hook; only a
 * few strings per namespace are kept until then.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/kubernetes.h"
#include "util/xalloc.h"

#define POD_SECURITY_ENFORCE "pod-security.kubernetes.io/enforce"

/* Where something was seen: a file and the document's pointer in it (arena strings). */
struct sighting {
	const char *file;
	const char *pointer;
	const char *name; /* the object's name, for the detail */
};

struct kubernetes_namespace {
	const char *name;
	struct sighting workload;     /* the first workload; file NULL if none */
	struct sighting deny_ingress; /* the first default-deny policy of each direction */
	struct sighting deny_egress;
	struct sighting object; /* the Namespace object itself */
	const char *enforce;	/* its pod-security enforce label, or NULL */
};

/* ---------------------------------------------------------------- string table */

static uint64_t hash_text(const char *text)
{
	uint64_t hash = 1469598103934665603u; /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		hash = (hash ^ *c) * 1099511628211u;
	return hash;
}

static size_t map_slot(const struct kubernetes_map *map, const char *key)
{
	size_t mask = map->capacity - 1, slot = (size_t)hash_text(key) & mask;
	while (map->keys[slot] && strcmp(map->keys[slot], key))
		slot = (slot + 1) & mask;
	return slot;
}

size_t kubernetes_map_get(const struct kubernetes_map *map, const char *key)
{
	if (!map->capacity)
		return SIZE_MAX;
	size_t slot = map_slot(map, key);
	return map->keys[slot] ? map->values[slot] : SIZE_MAX;
}

void kubernetes_map_put(struct kubernetes_map *map, struct arena *arena, const char *key,
			size_t value)
{
	if ((map->count + 1) * 4 > map->capacity * 3) {
		struct kubernetes_map grown = {.capacity = map->capacity ? map->capacity * 2 : 64};
		grown.keys = xcalloc(grown.capacity, sizeof(*grown.keys));
		grown.values = xcalloc(grown.capacity, sizeof(*grown.values));
		for (size_t i = 0; i < map->capacity; i++) {
			if (!map->keys[i])
				continue;
			size_t slot = map_slot(&grown, map->keys[i]);
			grown.keys[slot] = map->keys[i];
			grown.values[slot] = map->values[i];
		}
		grown.count = map->count;
		free(map->keys);
		free(map->values);
		*map = grown;
	}
	size_t slot = map_slot(map, key);
	if (!map->keys[slot]) {
		map->keys[slot] = arena_strdup(arena, key);
		map->count++;
	}
	map->values[slot] = value;
}

void kubernetes_map_release(struct kubernetes_map *map)
{
	free(map->keys);
	free(map->values);
	memset(map, 0, sizeof(*map));
}

/* ---------------------------------------------------------------- collected state */

/* Objects recognized but not judged, one entry per file and kind (arena strings). */
struct kubernetes_other {
	const char *file;
	const char *pointer; /* the first one */
	const char *kind;
	size_t count;
	bool custom; /* its API group is not one of Kubernetes' own (*.k8s.io or none) */
};

void kubernetes_cluster_init(struct kubernetes_cluster *cluster)
{
	memset(cluster, 0, sizeof(*cluster));
	arena_init(&cluster->arena);
	cluster->rbac = kubernetes_rbac_new();
}

void kubernetes_cluster_release(struct kubernetes_cluster *cluster)
{
	kubernetes_map_release(&cluster->owners);
	kubernetes_map_release(&cluster->by_name);
	kubernetes_map_release(&cluster->service_accounts);
	kubernetes_map_release(&cluster->limit_ranges);
	free(cluster->limit_defaults);
	kubernetes_map_release(&cluster->other_by_key);
	free(cluster->namespaces);
	free(cluster->deferred);
	free(cluster->others);
	kubernetes_rbac_free(cluster->rbac);
	arena_release(&cluster->arena);
	memset(cluster, 0, sizeof(*cluster));
}

const char *kubernetes_cluster_sniff(const char *kind)
{
	if (!strcmp(kind, "NetworkPolicy"))
		return KUBERNETES_KIND_NETWORK_POLICY;
	if (!strcmp(kind, "Namespace"))
		return KUBERNETES_KIND_NAMESPACE;
	if (!strcmp(kind, "ClusterRoleBinding") || !strcmp(kind, "RoleBinding"))
		return KUBERNETES_KIND_ROLE_BINDING;
	if (!strcmp(kind, "ClusterRole") || !strcmp(kind, "Role"))
		return KUBERNETES_KIND_ROLE;
	if (!strcmp(kind, "ServiceAccount"))
		return KUBERNETES_KIND_SERVICE_ACCOUNT;
	if (!strcmp(kind, "LimitRange"))
		return KUBERNETES_KIND_LIMIT_RANGE;
	/* A List whose items were not split (a nested List) has nothing to judge itself. */
	return KUBERNETES_KIND_OTHER;
}

bool kubernetes_cluster_first_owner(struct kubernetes_cluster *cluster, const char *key)
{
	if (kubernetes_map_get(&cluster->owners, key) != SIZE_MAX)
		return false;
	kubernetes_map_put(&cluster->owners, &cluster->arena, key, 1);
	return true;
}

static struct kubernetes_namespace *namespace_named(struct kubernetes_cluster *cluster,
						    const char *name)
{
	size_t index = kubernetes_map_get(&cluster->by_name, name);
	if (index != SIZE_MAX)
		return &cluster->namespaces[index];
	cluster->namespaces = xgrow(cluster->namespaces, &cluster->namespace_capacity,
				    cluster->namespace_count + 1, sizeof(*cluster->namespaces));
	struct kubernetes_namespace *entry = &cluster->namespaces[cluster->namespace_count];
	memset(entry, 0, sizeof(*entry));
	entry->name = arena_strdup(&cluster->arena, name);
	kubernetes_map_put(&cluster->by_name, &cluster->arena, name, cluster->namespace_count++);
	return entry;
}

static void sight(struct kubernetes_cluster *cluster, struct sighting *sighting,
		  const struct evidence_document *document, const char *name)
{
	sighting->file = arena_strdup(&cluster->arena, document->file);
	sighting->pointer = arena_strdup(&cluster->arena, document->pointer);
	sighting->name = name ? arena_strdup(&cluster->arena, name) : NULL;
}

void kubernetes_cluster_add_workload(struct kubernetes_cluster *cluster, const char *namespace,
				     const struct evidence_document *document)
{
	struct kubernetes_namespace *entry = namespace_named(cluster, namespace);
	if (!entry->workload.file)
		sight(cluster, &entry->workload, document, NULL);
}

static const char *object_name(const json_t *root)
{
	const char *name =
		json_string_value(json_object_get(json_object_get(root, "metadata"), "name"));
	return name && *name ? name : "(unnamed)";
}

static const char *object_namespace(const json_t *root)
{
	const char *name =
		json_string_value(json_object_get(json_object_get(root, "metadata"), "namespace"));
	return name && *name ? name : "default";
}

/* ---------------------------------------------------------------- NetworkPolicy */

static bool empty_or_absent(const json_t *value)
{
	return !value || json_is_null(value) || (json_is_array(value) && !json_array_size(value)) ||
	       (json_is_object(value) && !json_object_size(value));
}

/* podSelector {} selects every pod of the namespace. */
static bool selects_every_pod(const json_t *spec)
{
	const json_t *selector = json_object_get(spec, "podSelector");
	return json_is_object(selector) &&
	       empty_or_absent(json_object_get(selector, "matchLabels")) &&
	       empty_or_absent(json_object_get(selector, "matchExpressions"));
}

/* Does the policy govern this direction? Without policyTypes, Ingress always, Egress if it has
 * rules. */
static bool governs(const json_t *spec, const char *type, const char *rules)
{
	const json_t *types = json_object_get(spec, "policyTypes");
	if (!json_is_array(types))
		return !strcmp(type, "Ingress") || json_object_get(spec, rules);
	size_t index;
	const json_t *item;
	json_array_foreach(types, index, item) {
		const char *text = json_string_value(item);
		if (text && !strcmp(text, type))
			return true;
	}
	return false;
}

/* A default-deny policy selects every pod and allows nothing in that direction. */
static bool denies_by_default(const json_t *root, const char *type, const char *rules)
{
	const json_t *spec = json_object_get(root, "spec");
	return selects_every_pod(spec) && governs(spec, type, rules) &&
	       empty_or_absent(json_object_get(spec, rules));
}

void kubernetes_default_deny_ingress(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document)
{
	(void)probe;
	if (!denies_by_default(document->root, "Ingress", "ingress"))
		return;
	struct kubernetes_cluster *cluster = kubernetes_run_cluster(run);
	struct kubernetes_namespace *entry =
		namespace_named(cluster, object_namespace(document->root));
	if (!entry->deny_ingress.file)
		sight(cluster, &entry->deny_ingress, document, object_name(document->root));
}

void kubernetes_default_deny_egress(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document)
{
	(void)probe;
	if (!denies_by_default(document->root, "Egress", "egress"))
		return;
	struct kubernetes_cluster *cluster = kubernetes_run_cluster(run);
	struct kubernetes_namespace *entry =
		namespace_named(cluster, object_namespace(document->root));
	if (!entry->deny_egress.file)
		sight(cluster, &entry->deny_egress, document, object_name(document->root));
}

/* ---------------------------------------------------------------- Namespace */

void kubernetes_pod_security(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	(void)probe;
	struct kubernetes_cluster *cluster = kubernetes_run_cluster(run);
	const char *name = object_name(document->root);
	struct kubernetes_namespace *entry = namespace_named(cluster, name);
	if (entry->object.file)
		return;
	sight(cluster, &entry->object, document, name);
	const char *enforce = json_string_value(json_object_get(
		json_object_get(json_object_get(document->root, "metadata"), "labels"),
		POD_SECURITY_ENFORCE));
	entry->enforce = enforce ? arena_strdup(&cluster->arena, enforce) : NULL;
}

/* ---------------------------------------------------------------- results per namespace */

static void report_at(struct probe_run *run, const struct probe *probe,
		      const struct sighting *where, enum probe_outcome outcome, const char *subject,
		      const char *pointer, const char *detail)
{
	struct evidence_document document = {.file = where->file, .pointer = where->pointer};
	probe_report(run, probe, &document, outcome, subject, pointer, "%s", detail);
}

static void report_default_deny(struct probe_run *run, const struct kubernetes_namespace *entry,
				const char *subject, const char *id, const struct sighting *policy,
				const char *direction, const char *consequence)
{
	const struct probe *probe = probe_find(id, NULL);
	char detail[512];
	if (policy->file) {
		snprintf(detail, sizeof(detail), "NetworkPolicy %s denies all %s by default",
			 policy->name, direction);
		report_at(run, probe, policy, PROBE_PASS, subject, "/spec", detail);
	} else {
		snprintf(detail, sizeof(detail),
			 "no default-deny %s NetworkPolicy in the evidence: %s", direction,
			 consequence);
		report_at(run, probe, &entry->workload, PROBE_FAIL, subject, "", detail);
	}
}

static void report_pod_security(struct probe_run *run, const struct kubernetes_namespace *entry,
				const char *subject)
{
	const struct probe *probe = probe_find("k8s.namespace.pod-security", NULL);
	char detail[512], pointer[128] = "/metadata/labels";
	if (!entry->object.file) {
		report_at(run, probe, &entry->workload, PROBE_ERROR, subject, "",
			  "the Namespace object is not in the evidence (kubectl get namespaces "
			  "-o json): cannot tell which Pod Security level is enforced");
		return;
	}
	if (!entry->enforce) {
		report_at(
			run, probe, &entry->object, PROBE_FAIL, subject, "/metadata",
			"no " POD_SECURITY_ENFORCE " label: Pod Security Admission enforces "
			"nothing here unless the cluster's admission configuration sets a default");
		return;
	}
	probe_pointer_append(pointer, sizeof(pointer), POD_SECURITY_ENFORCE);
	bool enforced =
		!strcmp(entry->enforce, "baseline") || !strcmp(entry->enforce, "restricted");
	snprintf(detail, sizeof(detail), "Pod Security Admission enforces the %s level%s",
		 entry->enforce, enforced ? "" : ", which allows privileged pods and host access");
	report_at(run, probe, &entry->object, enforced ? PROBE_PASS : PROBE_FAIL, subject, pointer,
		  detail);
}

static int compare_namespaces(const void *a, const void *b)
{
	return strcmp(((const struct kubernetes_namespace *)a)->name,
		      ((const struct kubernetes_namespace *)b)->name);
}

/* ---------------------------------------------------------------- ServiceAccounts, version */

static void service_account_key(char *key, size_t size, const char *namespace, const char *name)
{
	snprintf(key, size, "%s\x1f%s", namespace, name);
}

static void observe_service_account(struct kubernetes_cluster *cluster, const json_t *root)
{
	char key[600];
	service_account_key(key, sizeof(key), object_namespace(root), object_name(root));
	if (kubernetes_map_get(&cluster->service_accounts, key) != SIZE_MAX)
		return;
	const json_t *automount = json_object_get(root, "automountServiceAccountToken");
	kubernetes_map_put(&cluster->service_accounts, &cluster->arena, key,
			   json_is_false(automount)  ? 0
			   : json_is_true(automount) ? 1
						     : 2);
}

/*
 * A LimitRange's `default` for type Container is the limit admission gives a
 * container that sets none. Several LimitRanges in a namespace: the first
 * seen that sets each resource (the API server applies them in no set order).
 */
static void observe_limit_range(struct kubernetes_cluster *cluster, const json_t *root)
{
	const char *namespace = object_namespace(root);
	size_t index = kubernetes_map_get(&cluster->limit_ranges, namespace);
	if (index == SIZE_MAX) {
		cluster->limit_defaults =
			xgrow(cluster->limit_defaults, &cluster->limit_default_capacity,
			      cluster->limit_default_count + 1, sizeof(*cluster->limit_defaults));
		index = cluster->limit_default_count++;
		memset(&cluster->limit_defaults[index], 0, sizeof(cluster->limit_defaults[index]));
		kubernetes_map_put(&cluster->limit_ranges, &cluster->arena, namespace, index);
	}
	struct kubernetes_limit_defaults *defaults = &cluster->limit_defaults[index];
	char from[600], text[64];
	snprintf(from, sizeof(from), "%s/%s", namespace, object_name(root));
	size_t i;
	const json_t *limit;
	json_array_foreach(json_object_get(json_object_get(root, "spec"), "limits"), i, limit) {
		const char *type = json_string_value(json_object_get(limit, "type"));
		const json_t *values = json_object_get(limit, "default");
		if (!type || strcmp(type, "Container") || !json_is_object(values))
			continue;
		const json_t *cpu = json_object_get(values, "cpu");
		const json_t *memory = json_object_get(values, "memory");
		if (cpu && !defaults->cpu) {
			kubernetes_quantity(cpu, text, sizeof(text));
			defaults->cpu = arena_strdup(&cluster->arena, text);
			defaults->cpu_from = arena_strdup(&cluster->arena, from);
		}
		if (memory && !defaults->memory) {
			kubernetes_quantity(memory, text, sizeof(text));
			defaults->memory = arena_strdup(&cluster->arena, text);
			defaults->memory_from = arena_strdup(&cluster->arena, from);
		}
	}
}

/* "27", "27+" (EKS, GKE): the number; 0 when it is not one. */
static int version_number(const json_t *value)
{
	const char *text = json_string_value(value);
	if (!text || *text < '0' || *text > '9')
		return 0;
	long number = strtol(text, NULL, 10);
	return number > 0 && number < 1000 ? (int)number : 0;
}

/* The server part of `kubectl version -o json`, or the API server's /version body itself. */
static const json_t *server_version(const json_t *root)
{
	const json_t *server = json_object_get(root, "serverVersion");
	return json_is_object(server) ? server : root;
}

static void observe_version(struct probe_run *run, const json_t *root)
{
	const json_t *server = server_version(root);
	int major = version_number(json_object_get(server, "major"));
	int minor = version_number(json_object_get(server, "minor"));
	if (major && minor)
		probe_run_note_kubernetes_version(run, major, minor);
}

bool kubernetes_cluster_is_version(const json_t *root)
{
	static const char *const members[] = {"serverVersion", "clientVersion"};
	for (size_t i = 0; i < 2; i++)
		if (json_is_string(
			    json_object_get(json_object_get(root, members[i]), "gitVersion")))
			return true;
	return json_is_string(json_object_get(root, "gitVersion")) &&
	       json_is_string(json_object_get(root, "major")) &&
	       json_is_string(json_object_get(root, "platform"));
}

/* ---------------------------------------------------------------- objects not judged */

/* Why srgap has no check for a kind it recognizes; NULL: the generic reason. */
static const struct {
	const char *kind;
	const char *why;
} not_judged[] = {
	{"Config", "a kubeconfig: client settings, not the cluster's"},
	{"ConfigMap", "configuration data; srgap does not search it for secrets"},
	{"ControllerRevision",
	 "a stored copy of a controller's template; the controller is judged"},
	{"Endpoints", "network addresses; exposure is judged through NetworkPolicies"},
	{"EndpointSlice", "network addresses; exposure is judged through NetworkPolicies"},
	{"Event", "a record of what happened, not a setting"},
	{"HorizontalPodAutoscaler", "scaling settings carry no SP 800-190 control"},
	{"Ingress", "HTTP routing; exposure is judged through NetworkPolicies"},
	{"Kustomization", "a kustomize file: judge what `kubectl kustomize` builds from it"},
	{"Node", "node objects; nodes are judged by the host and cloud probes"},
	{"PersistentVolume", "storage; hostPath volumes are judged where pods mount them"},
	{"PersistentVolumeClaim", "storage requests carry no SP 800-190 control"},
	{"PodDisruptionBudget", "availability settings carry no SP 800-190 control"},
	{"ResourceQuota", "quotas carry no SP 800-190 control"},
	{"Secret", "srgap does not read secret values"},
	{"Service", "network exposure is judged through NetworkPolicies"},
};

void kubernetes_not_judged(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document)
{
	(void)probe;
	struct kubernetes_cluster *cluster = kubernetes_run_cluster(run);
	const char *kind = json_string_value(json_object_get(document->root, "kind"));
	char key[1200];
	snprintf(key, sizeof(key), "%s\x1f%.200s", document->file, kind);
	size_t index = kubernetes_map_get(&cluster->other_by_key, key);
	if (index != SIZE_MAX) {
		cluster->others[index].count++;
		return;
	}
	cluster->others = xgrow(cluster->others, &cluster->other_capacity, cluster->other_count + 1,
				sizeof(*cluster->others));
	struct kubernetes_other *other = &cluster->others[cluster->other_count];
	other->file = arena_strdup(&cluster->arena, document->file);
	other->pointer = arena_strdup(&cluster->arena, document->pointer);
	other->kind = arena_strdup(&cluster->arena, kind);
	other->count = 1;
	/* "argoproj.io/v1alpha1" is a CRD; "v1", "apps/v1", "networking.k8s.io/v1" are not. */
	const char *api = json_string_value(json_object_get(document->root, "apiVersion"));
	const char *slash = api ? strchr(api, '/') : NULL;
	other->custom = slash && memchr(api, '.', (size_t)(slash - api)) &&
			!(slash - api >= 7 && !strncmp(slash - 7, ".k8s.io", 7));
	kubernetes_map_put(&cluster->other_by_key, &cluster->arena, key, cluster->other_count++);
}

static void report_others(struct probe_run *run, const struct kubernetes_cluster *cluster)
{
	const struct probe *probe = probe_find("k8s.object.not-judged", NULL);
	for (size_t i = 0; i < cluster->other_count; i++) {
		const struct kubernetes_other *other = &cluster->others[i];
		const char *why = other->custom
					  ? "a custom resource: srgap judges the Pods it creates "
					    "when they are in the evidence"
					  : "srgap has no check for this kind of object";
		for (size_t k = 0; k < sizeof(not_judged) / sizeof(not_judged[0]); k++)
			if (!strcmp(not_judged[k].kind, other->kind))
				why = not_judged[k].why;
		char subject[300];
		snprintf(subject, sizeof(subject), "%zu %s object%s", other->count, other->kind,
			 other->count == 1 ? "" : "s");
		probe_report_at(run, probe, NULL, PROBE_SKIP, subject, other->file, other->pointer,
				"recognized, not judged: %s", why);
	}
}

void kubernetes_cluster_observe(struct probe_run *run, const struct evidence_document *document)
{
	struct kubernetes_cluster *cluster = kubernetes_run_cluster(run);
	const char *kind = document->kind;
	if (!strcmp(kind, KUBERNETES_KIND_SERVICE_ACCOUNT))
		observe_service_account(cluster, document->root);
	else if (!strcmp(kind, KUBERNETES_KIND_LIMIT_RANGE))
		observe_limit_range(cluster, document->root);
	else if (!strcmp(kind, KUBERNETES_KIND_ROLE))
		kubernetes_rbac_add_role(cluster->rbac, document->root);
	else if (!strcmp(kind, KUBERNETES_KIND_VERSION))
		observe_version(run, document->root);
}

/* ---------------------------------------------------------------- deferred results */

void kubernetes_cluster_defer(struct kubernetes_cluster *cluster,
			      enum kubernetes_deferred_kind kind,
			      const struct evidence_document *document, const char *pointer,
			      const char *subject, const char *key, const char *detail)
{
	cluster->deferred = xgrow(cluster->deferred, &cluster->deferred_capacity,
				  cluster->deferred_count + 1, sizeof(*cluster->deferred));
	struct kubernetes_deferred *entry = &cluster->deferred[cluster->deferred_count++];
	struct arena *arena = &cluster->arena;
	char absolute[1024];
	snprintf(absolute, sizeof(absolute), "%s%s", document->pointer, pointer);
	entry->kind = kind;
	entry->file = arena_strdup(arena, document->file);
	entry->pointer = arena_strdup(arena, absolute);
	entry->subject = arena_strdup(arena, subject);
	entry->key = arena_strdup(arena, key);
	entry->detail = detail ? arena_strdup(arena, detail) : NULL;
}

static void report_service_account(struct probe_run *run, const struct kubernetes_cluster *cluster,
				   const struct kubernetes_deferred *entry)
{
	const struct probe *probe = probe_find("k8s.pod.service-account-token", NULL);
	const char *separator = strchr(entry->key, '\x1f');
	char name[600];
	snprintf(name, sizeof(name), "%.*s/%s", (int)(separator - entry->key), entry->key,
		 separator + 1);
	size_t automount = kubernetes_map_get(&cluster->service_accounts, entry->key);
	if (automount == 0)
		probe_report_at(run, probe, NULL, PROBE_PASS, entry->subject, entry->file,
				entry->pointer,
				"the pod leaves automountServiceAccountToken unset and its "
				"ServiceAccount %s sets it to false: no token is mounted",
				name);
	else if (automount == 1)
		probe_report_at(run, probe, NULL, PROBE_FAIL, entry->subject, entry->file,
				entry->pointer,
				"its ServiceAccount %s sets automountServiceAccountToken: true and "
				"the pod does not override it",
				name);
	else if (automount == 2)
		probe_report_at(run, probe, NULL, PROBE_FAIL, entry->subject, entry->file,
				entry->pointer,
				"neither the pod nor its ServiceAccount %s sets "
				"automountServiceAccountToken: false, so the token is mounted",
				name);
	else
		probe_report_at(run, probe, NULL, PROBE_FAIL, entry->subject, entry->file,
				entry->pointer,
				"automountServiceAccountToken is not false and its ServiceAccount "
				"%s is not in the evidence (kubectl get serviceaccounts -A -o "
				"json): the token is mounted unless that account disables it",
				name);
}

/* The seccomp annotations stopped counting in v1.27, when the API server stopped copying them. */
#define SECCOMP_ANNOTATIONS_IGNORED_MINOR 27

static void report_seccomp_annotation(struct probe_run *run,
				      const struct kubernetes_deferred *entry)
{
	const struct probe *probe = probe_find("k8s.pod.seccomp", NULL);
	/* From `kubectl version`, or the EKS, AKS or GKE description of the cluster. */
	long major, minor;
	probe_run_kubernetes_version(run, &major, &minor);
	bool honoured = major == 1 && minor < SECCOMP_ANNOTATIONS_IGNORED_MINOR;
	const char *type = entry->key;
	bool confined = !strcmp(type, "runtime/default") || !strcmp(type, "docker/default") ||
			!strncmp(type, "localhost/", 10);
	if (honoured)
		probe_report_at(run, probe, NULL, confined ? PROBE_PASS : PROBE_FAIL,
				entry->subject, entry->file, entry->pointer,
				"seccomp profile %s from annotation %s, still honoured by the "
				"cluster's Kubernetes %ld.%ld%s",
				type, entry->detail, major, minor,
				confined ? "" : ": system calls are not filtered");
	else if (major)
		probe_report_at(
			run, probe, NULL, PROBE_FAIL, entry->subject, entry->file, entry->pointer,
			"seccomp profile %s is set only by annotation %s, ignored since "
			"Kubernetes v1.27 (the cluster runs %ld.%ld): no profile, so it runs "
			"Unconfined unless the kubelet defaults to RuntimeDefault",
			type, entry->detail, major, minor);
	else
		probe_report_at(run, probe, NULL, PROBE_FAIL, entry->subject, entry->file,
				entry->pointer,
				"seccomp profile %s is set only by annotation %s, ignored since "
				"Kubernetes v1.27: no profile, so it runs Unconfined unless the "
				"kubelet defaults to RuntimeDefault (add `kubectl version -o json` "
				"or the cluster's description to the evidence if it is older)",
				type, entry->detail);
}

/* A container of a manifest or controller template missing a limit its LimitRange may give. */
static void report_limits(struct probe_run *run, const struct kubernetes_cluster *cluster,
			  const struct kubernetes_deferred *entry)
{
	const struct probe *probe = probe_find("k8s.pod.resource-limits", NULL);
	const char *separator = strchr(entry->detail, '\x1f');
	char cpu[64], memory[64], cpu_note[700] = "", memory_note[700] = "";
	snprintf(cpu, sizeof(cpu), "%.*s", (int)(separator - entry->detail), entry->detail);
	snprintf(memory, sizeof(memory), "%s", separator + 1);
	size_t index = kubernetes_map_get(&cluster->limit_ranges, entry->key);
	const struct kubernetes_limit_defaults *defaults =
		index == SIZE_MAX ? NULL : &cluster->limit_defaults[index];
	if (!cpu[0] && defaults && defaults->cpu) {
		snprintf(cpu, sizeof(cpu), "%s", defaults->cpu);
		snprintf(cpu_note, sizeof(cpu_note), " (the default of LimitRange %s)",
			 defaults->cpu_from);
	}
	if (!memory[0] && defaults && defaults->memory) {
		snprintf(memory, sizeof(memory), "%s", defaults->memory);
		snprintf(memory_note, sizeof(memory_note), " (the default of LimitRange %s)",
			 defaults->memory_from);
	}
	if (cpu[0] && memory[0])
		probe_report_at(run, probe, NULL, PROBE_PASS, entry->subject, entry->file,
				entry->pointer, "limits cpu %s%s and memory %s%s", cpu, cpu_note,
				memory, memory_note);
	else
		probe_report_at(run, probe, NULL, PROBE_FAIL, entry->subject, entry->file,
				entry->pointer, "%s",
				!cpu[0] && !memory[0] ? KUBERNETES_NO_LIMITS
				: !cpu[0]	      ? KUBERNETES_NO_CPU_LIMIT
						      : KUBERNETES_NO_MEMORY_LIMIT);
}

void kubernetes_cluster_finish(struct probe_run *run, struct kubernetes_cluster *cluster)
{
	kubernetes_rbac_finish(run, cluster->rbac);
	for (size_t i = 0; i < cluster->deferred_count; i++) {
		const struct kubernetes_deferred *entry = &cluster->deferred[i];
		if (entry->kind == DEFERRED_SERVICE_ACCOUNT)
			report_service_account(run, cluster, entry);
		else if (entry->kind == DEFERRED_LIMITS)
			report_limits(run, cluster, entry);
		else
			report_seccomp_annotation(run, entry);
	}
	report_others(run, cluster);

	if (cluster->namespace_count)
		qsort(cluster->namespaces, cluster->namespace_count, sizeof(*cluster->namespaces),
		      compare_namespaces);
	for (size_t i = 0; i < cluster->namespace_count; i++) {
		const struct kubernetes_namespace *entry = &cluster->namespaces[i];
		if (!entry->workload.file)
			continue; /* policies or a Namespace object, but nothing runs there */
		char subject[300];
		snprintf(subject, sizeof(subject), "namespace %s", entry->name);
		report_default_deny(run, entry, subject, "k8s.namespace.default-deny-ingress",
				    &entry->deny_ingress, "ingress",
				    "its pods accept connections from any pod in the cluster");
		report_default_deny(run, entry, subject, "k8s.namespace.default-deny-egress",
				    &entry->deny_egress, "egress",
				    "its pods can connect anywhere the network allows");
		report_pod_security(run, entry, subject);
	}
}

const char *const kubernetes_controls_ingress[] = {"4.3.3b", NULL};
const char *const kubernetes_controls_egress[] = {"4.3.3b", "4.4.2a", NULL};
const char *const kubernetes_controls_pod_security[] = {"4.4.5c", "4.4.3e", NULL};
const char *const kubernetes_controls_cluster_admin[] = {"4.3.1a", NULL};
