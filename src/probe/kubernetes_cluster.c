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

/* The value stored for `key`, or SIZE_MAX. */
static size_t map_get(const struct kubernetes_map *map, const char *key)
{
	if (!map->capacity)
		return SIZE_MAX;
	size_t slot = map_slot(map, key);
	return map->keys[slot] ? map->values[slot] : SIZE_MAX;
}

static void map_put(struct kubernetes_map *map, struct arena *arena, const char *key, size_t value)
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

static void map_release(struct kubernetes_map *map)
{
	free(map->keys);
	free(map->values);
	memset(map, 0, sizeof(*map));
}

/* ---------------------------------------------------------------- collected state */

void kubernetes_cluster_init(struct kubernetes_cluster *cluster)
{
	memset(cluster, 0, sizeof(*cluster));
	arena_init(&cluster->arena);
}

void kubernetes_cluster_release(struct kubernetes_cluster *cluster)
{
	map_release(&cluster->owners);
	map_release(&cluster->by_name);
	free(cluster->namespaces);
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
	return NULL;
}

bool kubernetes_cluster_first_owner(struct kubernetes_cluster *cluster, const char *key)
{
	if (map_get(&cluster->owners, key) != SIZE_MAX)
		return false;
	map_put(&cluster->owners, &cluster->arena, key, 1);
	return true;
}

static struct kubernetes_namespace *namespace_named(struct kubernetes_cluster *cluster,
						    const char *name)
{
	size_t index = map_get(&cluster->by_name, name);
	if (index != SIZE_MAX)
		return &cluster->namespaces[index];
	cluster->namespaces = xgrow(cluster->namespaces, &cluster->namespace_capacity,
				    cluster->namespace_count + 1, sizeof(*cluster->namespaces));
	struct kubernetes_namespace *entry = &cluster->namespaces[cluster->namespace_count];
	memset(entry, 0, sizeof(*entry));
	entry->name = arena_strdup(&cluster->arena, name);
	map_put(&cluster->by_name, &cluster->arena, name, cluster->namespace_count++);
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

void kubernetes_cluster_finish(struct probe_run *run, struct kubernetes_cluster *cluster)
{
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

/* ---------------------------------------------------------------- cluster-admin bindings */

/*
 * Subjects that hold cluster-admin by design: the system:masters group and
 * the control plane's own identities. Groups such as system:authenticated or
 * system:serviceaccounts, and system:anonymous, are everyone: never system.
 */
static bool system_subject(const json_t *subject)
{
	const char *kind = json_string_value(json_object_get(subject, "kind"));
	const char *name = json_string_value(json_object_get(subject, "name"));
	const char *namespace = json_string_value(json_object_get(subject, "namespace"));
	if (!kind || !name)
		return false;
	if (!strcmp(kind, "Group"))
		return !strcmp(name, "system:masters");
	if (!strcmp(kind, "User"))
		return !strncmp(name, "system:", 7) && strcmp(name, "system:anonymous") &&
		       (strncmp(name, "system:serviceaccount:", 22) ||
			!strncmp(name, "system:serviceaccount:kube-system:", 34));
	if (!strcmp(kind, "ServiceAccount"))
		return namespace && !strcmp(namespace, "kube-system");
	return false;
}

void kubernetes_cluster_admin(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	const json_t *root = document->root;
	const char *kind = json_string_value(json_object_get(root, "kind"));
	bool cluster_wide = kind && !strcmp(kind, "ClusterRoleBinding");
	char subject[600], granted[200] = "", pointer[64] = "";
	if (cluster_wide)
		snprintf(subject, sizeof(subject), "clusterrolebinding %s", object_name(root));
	else
		snprintf(subject, sizeof(subject), "rolebinding %s/%s", object_namespace(root),
			 object_name(root));
	const json_t *role = json_object_get(root, "roleRef");
	const char *role_kind = json_string_value(json_object_get(role, "kind"));
	const char *role_name = json_string_value(json_object_get(role, "name"));
	if (!role_kind || !role_name) {
		probe_report(run, probe, document, PROBE_ERROR, subject, role ? "/roleRef" : "",
			     "roleRef.kind or roleRef.name is missing; cannot tell what it grants");
		return;
	}
	if (strcmp(role_kind, "ClusterRole") || strcmp(role_name, "cluster-admin")) {
		probe_report(run, probe, document, PROBE_PASS, subject, "/roleRef",
			     "grants %s %s, not cluster-admin", role_kind, role_name);
		return;
	}
	const json_t *subjects = json_object_get(root, "subjects");
	if (subjects && !json_is_array(subjects) && !json_is_null(subjects)) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "/subjects",
			     "subjects is not a list; cannot tell who holds cluster-admin");
		return;
	}
	if (!json_array_size(subjects)) {
		probe_report(run, probe, document, PROBE_PASS, subject, subjects ? "/subjects" : "",
			     "binds cluster-admin to no subject");
		return;
	}
	size_t index, others = 0;
	const json_t *item;
	json_array_foreach(subjects, index, item) {
		if (system_subject(item))
			continue;
		if (!others++)
			snprintf(pointer, sizeof(pointer), "/subjects/%zu", index);
		const char *item_kind = json_string_value(json_object_get(item, "kind"));
		const char *item_name = json_string_value(json_object_get(item, "name"));
		const char *item_namespace = json_string_value(json_object_get(item, "namespace"));
		size_t length = strlen(granted);
		if (length + 80 < sizeof(granted))
			snprintf(granted + length, sizeof(granted) - length, "%s%s %s%s%s",
				 length ? ", " : "", item_kind ? item_kind : "subject",
				 item_namespace ? item_namespace : "", item_namespace ? "/" : "",
				 item_name ? item_name : "(unnamed)");
		else if (!strstr(granted, "…"))
			snprintf(granted + length, sizeof(granted) - length, ", …");
	}
	if (others)
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "grants cluster-admin%s to %s",
			     cluster_wide ? "" : " within its namespace", granted);
	else
		probe_report(run, probe, document, PROBE_PASS, subject, "/subjects",
			     "grants cluster-admin only to system subjects");
}

const char *const kubernetes_controls_ingress[] = {"4.3.3b", NULL};
const char *const kubernetes_controls_egress[] = {"4.3.3b", "4.4.2a", NULL};
const char *const kubernetes_controls_pod_security[] = {"4.4.5c", "4.4.3e", NULL};
const char *const kubernetes_controls_cluster_admin[] = {"4.3.1a", NULL};
