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

#define KUBERNETES_KIND_WORKLOAD       "k8s.workload"
#define KUBERNETES_KIND_NETWORK_POLICY "k8s.network-policy"
#define KUBERNETES_KIND_NAMESPACE      "k8s.namespace"
#define KUBERNETES_KIND_ROLE_BINDING   "k8s.role-binding"

/* A string -> index table (open addressing); keys live in the owner's arena. */
struct kubernetes_map {
	const char **keys;
	size_t *values;
	size_t capacity; /* a power of two, or 0 */
	size_t count;
};

struct kubernetes_namespace;

/* What the cross-document probes collect while documents stream by. */
struct kubernetes_cluster {
	struct arena arena;	       /* every string below */
	struct kubernetes_map owners;  /* controllers whose first Pod was checked */
	struct kubernetes_map by_name; /* namespace name -> index into namespaces */
	struct kubernetes_namespace *namespaces;
	size_t namespace_count;
	size_t namespace_capacity;
};

/* The run's cluster state (created on first use, released by the family's finish). */
struct kubernetes_cluster *kubernetes_run_cluster(struct probe_run *run);
void kubernetes_cluster_init(struct kubernetes_cluster *cluster);
void kubernetes_cluster_release(struct kubernetes_cluster *cluster);
/* The evidence kind of a non-workload object, or NULL. */
const char *kubernetes_cluster_sniff(const char *kind);
/* True the first time `key` (namespace, controller kind and name) is seen. */
bool kubernetes_cluster_first_owner(struct kubernetes_cluster *cluster, const char *key);
/* Notes that `namespace` runs workloads; the first one is where a finding points. */
void kubernetes_cluster_add_workload(struct kubernetes_cluster *cluster, const char *namespace,
				     const struct evidence_document *document);
/* Reports the per-namespace results once every document has been seen. */
void kubernetes_cluster_finish(struct probe_run *run, struct kubernetes_cluster *cluster);

/* Check functions and controls of the cluster-wide probes (kubernetes_cluster.c). */
void kubernetes_default_deny_ingress(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document);
void kubernetes_default_deny_egress(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document);
void kubernetes_pod_security(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document);
void kubernetes_cluster_admin(struct probe_run *run, const struct probe *probe,
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
/* Normalizes `path` into `normal` and says whether mounting it exposes the node. */
bool kubernetes_sensitive_host_path(const char *path, char *normal, size_t size);

#endif
