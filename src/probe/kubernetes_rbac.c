/*
 * RBAC by what a role grants, not by its name. Roles and ClusterRoles are
 * reduced, as they stream by, to why they are admin-equivalent (every verb
 * on every resource, the escalation verbs, exec into pods, reading every
 * secret, the kubelet API through nodes/proxy); bindings are kept until the
 * family's finish, when each is judged against the roles of the whole
 * evidence, in any file and any order. A binding's subjects are split into
 * the customer's and the platform's own (system: users and groups,
 * kube-system service accounts), which are named but never a failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/kubernetes.h"
#include "util/xalloc.h"

#define RBAC_GROUP "rbac.authorization.k8s.io"
#define LIST_MAX   240

/* A role reduced to what matters here (arena strings). */
struct rbac_role {
	const char *why_cluster;   /* admin-equivalent through a ClusterRoleBinding, or NULL */
	const char *why_namespace; /* ... through a RoleBinding, or NULL */
	bool aggregated;	   /* rules filled in by the aggregation controller: not seen */
};

/* A binding waiting for the roles (arena strings). */
struct rbac_binding {
	const char *file;
	const char *pointer; /* the binding document's pointer */
	const char *subject; /* "clusterrolebinding ops-admin" */
	const char *namespace;
	bool cluster_wide;
	const char *role_kind;
	const char *role_name;
	const char *customers; /* "User alice, Group devs", or "" */
	const char *platform;  /* "Group system:masters", or "" */
	size_t first_customer; /* index into subjects, when customers is not empty */
};

struct kubernetes_rbac {
	struct arena arena;
	struct kubernetes_map role_index; /* "ClusterRole\x1fNAME", "Role\x1fNS\x1fNAME" */
	struct rbac_role *roles;
	size_t role_count, role_capacity;
	struct rbac_binding *bindings;
	size_t binding_count, binding_capacity;
};

struct kubernetes_rbac *kubernetes_rbac_new(void)
{
	struct kubernetes_rbac *rbac = xcalloc(1, sizeof(*rbac));
	arena_init(&rbac->arena);
	return rbac;
}

void kubernetes_rbac_free(struct kubernetes_rbac *rbac)
{
	if (!rbac)
		return;
	kubernetes_map_release(&rbac->role_index);
	free(rbac->roles);
	free(rbac->bindings);
	arena_release(&rbac->arena);
	free(rbac);
}

/* ---------------------------------------------------------------- what a rule grants */

static bool lists(const json_t *array, const char *value)
{
	size_t index;
	const json_t *item;
	json_array_foreach(array, index, item) {
		const char *text = json_string_value(item);
		if (text && (!strcmp(text, "*") || !strcmp(text, value)))
			return true;
	}
	return false;
}

/* The RBAC authorizer's resource match: "*", the exact name, or "*" + "/subresource". */
static bool resource_matches(const json_t *resources, const char *resource)
{
	const char *slash = strchr(resource, '/');
	size_t index;
	const json_t *item;
	json_array_foreach(resources, index, item) {
		const char *text = json_string_value(item);
		if (!text)
			continue;
		if (!strcmp(text, "*") || !strcmp(text, resource))
			return true;
		if (slash && text[0] == '*' && text[1] == '/' && !strcmp(text + 1, slash))
			return true;
	}
	return false;
}

/*
 * Does one of `rules` let its holder `verb` any `resource` of `group`? A
 * rule limited to resourceNames grants those objects only, never the kind.
 */
static bool grants(const json_t *rules, const char *verb, const char *group, const char *resource)
{
	size_t index;
	const json_t *rule;
	json_array_foreach(rules, index, rule) {
		if (json_array_size(json_object_get(rule, "resourceNames")))
			continue;
		if (lists(json_object_get(rule, "verbs"), verb) &&
		    lists(json_object_get(rule, "apiGroups"), group) &&
		    resource_matches(json_object_get(rule, "resources"), resource))
			return true;
	}
	return false;
}

static bool lists_wildcard(const json_t *array)
{
	size_t index;
	const json_t *item;
	json_array_foreach(array, index, item) {
		const char *text = json_string_value(item);
		if (text && !strcmp(text, "*"))
			return true;
	}
	return false;
}

/*
 * Every verb on every resource of every API group: verbs "*", or the seven
 * that make up full control spelled out in any order, across any rules.
 */
static bool grants_everything(const json_t *rules)
{
	static const char *const verbs[] = {"get",    "list",  "watch", "create",
					    "update", "patch", "delete"};
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		bool found = false;
		size_t index;
		const json_t *rule;
		json_array_foreach(rules, index, rule) {
			found = !json_array_size(json_object_get(rule, "resourceNames")) &&
				lists(json_object_get(rule, "verbs"), verbs[i]) &&
				lists_wildcard(json_object_get(rule, "apiGroups")) &&
				lists_wildcard(json_object_get(rule, "resources"));
			if (found)
				break;
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * Grants that amount to admin (Kubernetes "RBAC good practices", privilege
 * escalation risks), named as a reader would say them. cluster_only: the
 * resource is cluster-scoped, or the grant is admin-equivalent only across
 * every namespace, so a RoleBinding cannot confer it.
 */
static const struct {
	const char *verb, *group, *resource;
	bool cluster_only;
	const char *what;
} admin_grants[] = {
	{"escalate", RBAC_GROUP, "clusterroles", true, "escalate clusterroles"},
	{"bind", RBAC_GROUP, "clusterroles", true, "bind clusterroles"},
	{"escalate", RBAC_GROUP, "roles", false, "escalate roles"},
	{"bind", RBAC_GROUP, "roles", false, "bind roles"},
	{"impersonate", "", "users", true, "impersonate users"},
	{"impersonate", "", "groups", true, "impersonate groups"},
	{"impersonate", "", "serviceaccounts", false, "impersonate serviceaccounts"},
	{"create", "", "pods/exec", false, "create pods/exec"},
	{"get", "", "secrets", true, "get secrets in every namespace"},
	{"list", "", "secrets", true, "list secrets in every namespace"},
	{"watch", "", "secrets", true, "watch secrets in every namespace"},
	{"get", "", "nodes/proxy", true, "nodes/proxy, the kubelet API"},
	{"create", "", "nodes/proxy", true, "nodes/proxy, the kubelet API"},
	{"create", "", "serviceaccounts/token", false, "create serviceaccounts/token"},
};
#define REASONS_SHOWN 3

bool kubernetes_rbac_admin_reason(const json_t *rules, bool cluster_wide, char *why, size_t size)
{
	why[0] = '\0';
	if (grants_everything(rules)) {
		snprintf(why, size, "every verb on every resource in every API group");
		return true;
	}
	size_t found = 0;
	const char *last = NULL;
	for (size_t i = 0; i < sizeof(admin_grants) / sizeof(admin_grants[0]); i++) {
		if ((!cluster_wide && admin_grants[i].cluster_only) ||
		    !grants(rules, admin_grants[i].verb, admin_grants[i].group,
			    admin_grants[i].resource))
			continue;
		if (last && !strcmp(last, admin_grants[i].what))
			continue; /* nodes/proxy through get and create */
		last = admin_grants[i].what;
		size_t length = strlen(why);
		if (found++ < REASONS_SHOWN)
			snprintf(why + length, size - length, "%s%s", length ? ", " : "",
				 admin_grants[i].what);
		else if (found == REASONS_SHOWN + 1)
			snprintf(why + length, size - length, ", …");
	}
	return found > 0;
}

/* ---------------------------------------------------------------- collecting */

static const char *text_or(const json_t *object, const char *key, const char *fallback)
{
	const char *value = json_string_value(json_object_get(object, key));
	return value && *value ? value : fallback;
}

static void role_key(char *key, size_t size, const char *kind, const char *namespace,
		     const char *name)
{
	if (!strcmp(kind, "ClusterRole"))
		snprintf(key, size, "ClusterRole\x1f%s", name);
	else
		snprintf(key, size, "Role\x1f%s\x1f%s", namespace, name);
}

void kubernetes_rbac_add_role(struct kubernetes_rbac *rbac, const json_t *root)
{
	const json_t *metadata = json_object_get(root, "metadata");
	const char *kind = text_or(root, "kind", "Role");
	char key[600];
	role_key(key, sizeof(key), kind, text_or(metadata, "namespace", "default"),
		 text_or(metadata, "name", "(unnamed)"));
	if (kubernetes_map_get(&rbac->role_index, key) != SIZE_MAX)
		return; /* the first definition seen wins, as a later apply would be refused */
	rbac->roles = xgrow(rbac->roles, &rbac->role_capacity, rbac->role_count + 1,
			    sizeof(*rbac->roles));
	struct rbac_role *role = &rbac->roles[rbac->role_count];
	const json_t *rules = json_object_get(root, "rules");
	char why[200];
	role->why_cluster = kubernetes_rbac_admin_reason(rules, true, why, sizeof(why))
				    ? arena_strdup(&rbac->arena, why)
				    : NULL;
	role->why_namespace = kubernetes_rbac_admin_reason(rules, false, why, sizeof(why))
				      ? arena_strdup(&rbac->arena, why)
				      : NULL;
	/* In a manifest the controller has not filled in an aggregated ClusterRole's rules yet. */
	role->aggregated =
		json_is_object(json_object_get(root, "aggregationRule")) && !json_array_size(rules);
	kubernetes_map_put(&rbac->role_index, &rbac->arena, key, rbac->role_count++);
}

/*
 * Subjects that are the platform's own: system: users and groups and
 * kube-system service accounts. The groups everyone belongs to
 * (system:authenticated, system:unauthenticated, system:serviceaccounts and
 * those of other namespaces) and system:anonymous are nobody's in particular.
 */
static bool platform_subject(const json_t *subject, const char *binding_namespace)
{
	const char *kind = json_string_value(json_object_get(subject, "kind"));
	const char *name = json_string_value(json_object_get(subject, "name"));
	const char *namespace = text_or(subject, "namespace", binding_namespace);
	if (!kind || !name)
		return false;
	if (!strcmp(kind, "Group"))
		return !strncmp(name, "system:", 7) && strcmp(name, "system:authenticated") &&
		       strcmp(name, "system:unauthenticated") &&
		       (strncmp(name, "system:serviceaccounts", 22) ||
			!strcmp(name, "system:serviceaccounts:kube-system"));
	if (!strcmp(kind, "User"))
		return !strncmp(name, "system:", 7) && strcmp(name, "system:anonymous") &&
		       (strncmp(name, "system:serviceaccount:", 22) ||
			!strncmp(name, "system:serviceaccount:kube-system:", 34));
	if (!strcmp(kind, "ServiceAccount"))
		return namespace && !strcmp(namespace, "kube-system");
	return false;
}

static void subject_append(char *list, size_t size, const json_t *subject,
			   const char *binding_namespace)
{
	const char *kind = text_or(subject, "kind", "subject");
	const char *name = text_or(subject, "name", "(unnamed)");
	/* A ServiceAccount subject without a namespace is in the binding's. */
	const char *namespace = !strcmp(kind, "ServiceAccount")
					? text_or(subject, "namespace", binding_namespace)
					: json_string_value(json_object_get(subject, "namespace"));
	size_t length = strlen(list);
	if (length + 80 < size)
		snprintf(list + length, size - length, "%s%s %s%s%.100s", length ? ", " : "", kind,
			 namespace ? namespace : "", namespace ? "/" : "", name);
	else if (!strstr(list, "…"))
		snprintf(list + length, size - length, ", …");
}

void kubernetes_cluster_admin(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	const json_t *root = document->root;
	const json_t *metadata = json_object_get(root, "metadata");
	bool cluster_wide = !strcmp(text_or(root, "kind", ""), "ClusterRoleBinding");
	const char *name = text_or(metadata, "name", "(unnamed)");
	const char *namespace = text_or(metadata, "namespace", "default");
	char subject[600];
	if (cluster_wide)
		snprintf(subject, sizeof(subject), "clusterrolebinding %s", name);
	else
		snprintf(subject, sizeof(subject), "rolebinding %s/%s", namespace, name);
	const json_t *role = json_object_get(root, "roleRef");
	const char *role_kind = json_string_value(json_object_get(role, "kind"));
	const char *role_name = json_string_value(json_object_get(role, "name"));
	if (!role_kind || !role_name) {
		probe_report(run, probe, document, PROBE_ERROR, subject, role ? "/roleRef" : "",
			     "roleRef.kind or roleRef.name is missing; cannot tell what it grants");
		return;
	}
	const json_t *subjects = json_object_get(root, "subjects");
	if (subjects && !json_is_array(subjects) && !json_is_null(subjects)) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "/subjects",
			     "subjects is not a list; cannot tell who holds the role");
		return;
	}
	if (!json_array_size(subjects)) {
		probe_report(run, probe, document, PROBE_PASS, subject, subjects ? "/subjects" : "",
			     "binds %s %s to no subject", role_kind, role_name);
		return;
	}
	char customers[LIST_MAX] = "", platform[LIST_MAX] = "";
	size_t index, first_customer = 0;
	bool any_customer = false;
	const json_t *item;
	json_array_foreach(subjects, index, item) {
		bool own = platform_subject(item, namespace);
		if (!own && !any_customer) {
			any_customer = true;
			first_customer = index;
		}
		subject_append(own ? platform : customers, LIST_MAX, item, namespace);
	}
	struct kubernetes_rbac *rbac = kubernetes_run_cluster(run)->rbac;
	rbac->bindings = xgrow(rbac->bindings, &rbac->binding_capacity, rbac->binding_count + 1,
			       sizeof(*rbac->bindings));
	struct rbac_binding *binding = &rbac->bindings[rbac->binding_count++];
	struct arena *arena = &rbac->arena;
	binding->file = arena_strdup(arena, document->file);
	binding->pointer = arena_strdup(arena, document->pointer);
	binding->subject = arena_strdup(arena, subject);
	binding->namespace = arena_strdup(arena, namespace);
	binding->cluster_wide = cluster_wide;
	binding->role_kind = arena_strdup(arena, role_kind);
	binding->role_name = arena_strdup(arena, role_name);
	binding->customers = arena_strdup(arena, customers);
	binding->platform = arena_strdup(arena, platform);
	binding->first_customer = first_customer;
}

/* ---------------------------------------------------------------- judging */

static void judge(struct probe_run *run, const struct probe *probe, struct kubernetes_rbac *rbac,
		  const struct rbac_binding *binding)
{
	struct evidence_document document = {.file = binding->file, .pointer = binding->pointer};
	char at[64], key[600], scope[300] = "";
	bool role_is_cluster = !strcmp(binding->role_kind, "ClusterRole");
	if (!binding->cluster_wide)
		snprintf(scope, sizeof(scope), " within namespace %s", binding->namespace);
	snprintf(at, sizeof(at), "/subjects/%zu", binding->first_customer);
	const char *why = NULL;
	const char *unseen = NULL;
	if (role_is_cluster && !strcmp(binding->role_name, "cluster-admin")) {
		/* The API server restores cluster-admin's rules at every start
		 * (auto-reconciliation). */
		why = "ClusterRole cluster-admin: every permission";
	} else {
		role_key(key, sizeof(key), binding->role_kind, binding->namespace,
			 binding->role_name);
		size_t index = kubernetes_map_get(&rbac->role_index, key);
		const struct rbac_role *role = index == SIZE_MAX ? NULL : &rbac->roles[index];
		if (!role)
			unseen = "is not in the evidence (kubectl get clusterroles,roles -A -o "
				 "json)";
		else if (role->aggregated)
			unseen =
				"aggregates other ClusterRoles' rules, which the evidence does not "
				"show";
		else
			why = binding->cluster_wide ? role->why_cluster : role->why_namespace;
	}
	bool customers = binding->customers[0] != '\0';
	if (!customers) {
		if (why)
			probe_report(
				run, probe, &document, PROBE_PASS, binding->subject, "/subjects",
				"admin-equivalent (%s)%s only for the platform's own subjects, "
				"not the customer's to change: %s",
				why, scope, binding->platform);
		else
			probe_report(run, probe, &document, PROBE_PASS, binding->subject,
				     "/subjects",
				     "binds %s %s only to the platform's own subjects: %s",
				     binding->role_kind, binding->role_name, binding->platform);
		return;
	}
	char platform[LIST_MAX + 40] = "";
	if (binding->platform[0])
		snprintf(platform, sizeof(platform), "; platform subjects not counted: %s",
			 binding->platform);
	if (unseen)
		probe_report(run, probe, &document, PROBE_ERROR, binding->subject, "/roleRef",
			     "cannot see %s %s: it %s, so what it grants %s is unknown",
			     binding->role_kind, binding->role_name, unseen, binding->customers);
	else if (why)
		probe_report(run, probe, &document, PROBE_FAIL, binding->subject, at,
			     "grants admin-equivalent access%s (%s) to %s%s", scope, why,
			     binding->customers, platform);
	else
		probe_report(run, probe, &document, PROBE_PASS, binding->subject, "/roleRef",
			     "grants %s %s, which is not admin-equivalent%s", binding->role_kind,
			     binding->role_name,
			     binding->cluster_wide ? "" : " within its namespace");
}

void kubernetes_rbac_finish(struct probe_run *run, struct kubernetes_rbac *rbac)
{
	const struct probe *probe = probe_find("k8s.rbac.cluster-admin", NULL);
	for (size_t i = 0; i < rbac->binding_count; i++)
		judge(run, probe, rbac, &rbac->bindings[i]);
}
