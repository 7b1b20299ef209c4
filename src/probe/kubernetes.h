/*
 * Internals of the Kubernetes probe family, shared by kubernetes.c
 * (workloads) and kubernetes_cluster.c (namespaces, NetworkPolicies,
 * bindings), and exposed to their unit test. Not part of the probe API:
 * everything else goes through probe_family_kubernetes.
 */
#ifndef SRGAP_PROBE_KUBERNETES_H
#define SRGAP_PROBE_KUBERNETES_H

#include <stdbool.h>
#include <stddef.h>

#include "probe/probe.h"
#include "util/arena.h"

#define KUBERNETES_KIND_WORKLOAD	"k8s.workload"
#define KUBERNETES_KIND_NETWORK_POLICY	"k8s.network-policy"
#define KUBERNETES_KIND_NAMESPACE	"k8s.namespace"
#define KUBERNETES_KIND_ROLE_BINDING	"k8s.role-binding"
#define KUBERNETES_KIND_ROLE		"k8s.role"
#define KUBERNETES_KIND_SERVICE_ACCOUNT "k8s.service-account"
#define KUBERNETES_KIND_LIMIT_RANGE	"k8s.limit-range"
#define KUBERNETES_KIND_VERSION		"k8s.version"
#define KUBERNETES_KIND_OTHER		"k8s.other"

/* A string -> index table (open addressing); keys live in the owner's arena. */
struct kubernetes_map {
	const char **keys;
	size_t *values;
	size_t capacity; /* a power of two, or 0 */
	size_t count;
};

/* The value stored for `key`, or SIZE_MAX. */
size_t kubernetes_map_get(const struct kubernetes_map *map, const char *key);
/* Stores `value` for `key` (copied into `arena`), replacing an earlier value. */
void kubernetes_map_put(struct kubernetes_map *map, struct arena *arena, const char *key,
			size_t value);
void kubernetes_map_release(struct kubernetes_map *map);

struct kubernetes_namespace;
struct kubernetes_rbac;
struct kubernetes_deferred;
struct kubernetes_other;

/* The default limits a namespace's LimitRanges give containers that set none. */
struct kubernetes_limit_defaults {
	const char *cpu, *cpu_from;	  /* a quantity, and "namespace/name" of its LimitRange */
	const char *memory, *memory_from; /* NULL when no LimitRange sets one */
};

/* What the cross-document probes collect while documents stream by. */
struct kubernetes_cluster {
	struct arena arena;	       /* every string below */
	struct kubernetes_map owners;  /* controllers whose first Pod was checked */
	struct kubernetes_map by_name; /* namespace name -> index into namespaces */
	struct kubernetes_namespace *namespaces;
	size_t namespace_count;
	size_t namespace_capacity;
	struct kubernetes_rbac *rbac; /* roles and bindings (kubernetes_rbac.c) */
	/* "namespace\x1fname" -> its automountServiceAccountToken: 0 false, 1 true, 2 unset. */
	struct kubernetes_map service_accounts;
	/* namespace -> index into limit_defaults */
	struct kubernetes_map limit_ranges;
	struct kubernetes_limit_defaults *limit_defaults;
	size_t limit_default_count;
	size_t limit_default_capacity;
	/* Results that wait for facts from other documents (service accounts, the version). */
	struct kubernetes_deferred *deferred;
	size_t deferred_count;
	size_t deferred_capacity;
	/* Objects recognized but not judged, per file and kind. */
	struct kubernetes_map other_by_key;
	struct kubernetes_other *others;
	size_t other_count;
	size_t other_capacity;
};

/* The run's cluster state (created on first use, released by the family's finish). */
struct kubernetes_cluster *kubernetes_run_cluster(struct probe_run *run);
void kubernetes_cluster_init(struct kubernetes_cluster *cluster);
void kubernetes_cluster_release(struct kubernetes_cluster *cluster);
/* The evidence kind of a non-workload object (KUBERNETES_KIND_OTHER if srgap has no check). */
const char *kubernetes_cluster_sniff(const char *kind);
/* Is `root` `kubectl version -o json` output or the API server's /version body? */
bool kubernetes_cluster_is_version(const json_t *root);
/* True the first time `key` (namespace, controller kind and name) is seen. */
bool kubernetes_cluster_first_owner(struct kubernetes_cluster *cluster, const char *key);
/* Notes that `namespace` runs workloads; the first one is where a finding points. */
void kubernetes_cluster_add_workload(struct kubernetes_cluster *cluster, const char *namespace,
				     const struct evidence_document *document);
/* Reports the per-namespace results once every document has been seen. */
void kubernetes_cluster_finish(struct probe_run *run, struct kubernetes_cluster *cluster);
/*
 * Notes what a document says about the cluster for other documents' checks:
 * ServiceAccounts, Roles and ClusterRoles, the server version, and objects
 * srgap recognizes but does not judge (the family's observe hook).
 */
void kubernetes_cluster_observe(struct probe_run *run, const struct evidence_document *document);

/*
 * A result that needs facts from documents that may come later: the
 * ServiceAccount a pod runs as, or the cluster version that decides whether
 * a seccomp annotation still counts. Reported in the family's finish.
 */
enum kubernetes_deferred_kind {
	DEFERRED_SERVICE_ACCOUNT,
	DEFERRED_SECCOMP_ANNOTATION,
	DEFERRED_LIMITS,
};
struct kubernetes_deferred {
	enum kubernetes_deferred_kind kind;
	const char *file;    /* the workload document's file and pointer (arena strings) */
	const char *pointer; /* absolute: document pointer + field */
	const char *subject;
	/* "namespace\x1fservice account", the annotation's profile, or the namespace (limits) */
	const char *key;
	/* the annotation's name (seccomp); "CPU\x1fmemory" limits, empty if unset (limits) */
	const char *detail;
};
void kubernetes_cluster_defer(struct kubernetes_cluster *cluster,
			      enum kubernetes_deferred_kind kind,
			      const struct evidence_document *document, const char *pointer,
			      const char *subject, const char *key, const char *detail);

/* What a container without a CPU or memory limit risks (k8s.pod.resource-limits). */
#define KUBERNETES_NO_LIMITS                                                                       \
	"no CPU or memory limit: one container can starve the others on its node"
#define KUBERNETES_NO_CPU_LIMIT                                                                    \
	"no CPU limit: nothing bounds its CPU use, and neighbours keep only what their requests "  \
	"reserve"
#define KUBERNETES_NO_MEMORY_LIMIT                                                                 \
	"no memory limit: it can exhaust its node's memory, and the kubelet then evicts other "    \
	"pods"
/* A resource quantity ("500m", 2, 0.5) as text. */
void kubernetes_quantity(const json_t *value, char *out, size_t size);

/* RBAC (kubernetes_rbac.c): admin-equivalent grants, resolved across documents. */
struct kubernetes_rbac *kubernetes_rbac_new(void);
void kubernetes_rbac_free(struct kubernetes_rbac *rbac);
/* Records a Role or ClusterRole: what it grants that amounts to admin. */
void kubernetes_rbac_add_role(struct kubernetes_rbac *rbac, const json_t *root);
/* Reports every binding against the roles seen. */
void kubernetes_rbac_finish(struct probe_run *run, struct kubernetes_rbac *rbac);
/*
 * Is a role with these `rules` admin-equivalent when bound cluster-wide (a
 * ClusterRoleBinding) or within one namespace (a RoleBinding)? If so, `why`
 * gets what makes it so ("create pods/exec, get secrets in every
 * namespace"). Exposed for the unit test.
 */
bool kubernetes_rbac_admin_reason(const json_t *rules, bool cluster_wide, char *why, size_t size);

/* Check functions and controls of the cluster-wide probes (kubernetes_cluster.c). */
void kubernetes_default_deny_ingress(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document);
void kubernetes_default_deny_egress(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document);
void kubernetes_pod_security(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document);
/* Records a RoleBinding or ClusterRoleBinding; judged in finish (kubernetes_rbac.c). */
void kubernetes_cluster_admin(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document);
/* Counts an object srgap has no check for; reported per file and kind in finish. */
void kubernetes_not_judged(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document);
extern const char *const kubernetes_controls_ingress[];
extern const char *const kubernetes_controls_egress[];
extern const char *const kubernetes_controls_pod_security[];
extern const char *const kubernetes_controls_cluster_admin[];

/* An image reference, normalized the way Docker reads it. */
struct kubernetes_image {
	char registry[256]; /* "docker.io" for short names */
	char name[768];	    /* registry/repository: "docker.io/library/nginx" */
	char tag[160];	    /* "" when absent */
	char digest[160];   /* "sha256:…", "" when absent */
};

/* 0, or -1 if `image` is not a reference. */
int kubernetes_image_parse(const char *image, struct kubernetes_image *ref);
/* The trusted_registries entry that covers the image, or NULL. */
const char *kubernetes_image_trusted(const struct kubernetes_image *ref, const char *const *entries,
				     size_t count);
/* What mounting a host directory exposes. */
struct kubernetes_host_path_risk {
	const char *path;     /* the sensitive directory: "/var/lib/kubelet" */
	const char *why;      /* what a container gains through it */
	bool read_only_helps; /* the escape needs writing, so a read-only mount is safe */
};
/*
 * Normalizes `path` into `normal` (//, ., ..) and returns the risk of
 * mounting it: of the most specific sensitive directory it lies in, or of
 * one it contains (/var holds /var/lib/kubelet); NULL when there is none.
 */
const struct kubernetes_host_path_risk *kubernetes_host_path_risk(const char *path, char *normal,
								  size_t size);
/* kubernetes_host_path_risk() != NULL. */
bool kubernetes_sensitive_host_path(const char *path, char *normal, size_t size);

#endif
