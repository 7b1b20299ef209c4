/*
 * Kubernetes workload probes: Pods and the controllers that template them
 * (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job, CronJob), as manifests or `kubectl get -o json|yaml` output. Every
 * container, init and ephemeral ones included, gets one result per probe;
 * pod-wide settings one result per workload.
 *
 * A List arrives one item at a time and nothing is kept of an item once its
 * probes ran, except what cross-document checks need (kubernetes_cluster.c).
 * A Pod created by a controller stands for all its replicas, which share the
 * controller's template: the first one listed is checked and the others are
 * skipped, so a 40,000-pod dump reports per workload, not per replica.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probe/kubernetes.h"
#include "util/xalloc.h"

#define SUBJECT_MAX	      400 /* a workload: kind, namespace and name */
#define CONTAINER_SUBJECT_MAX 640 /* ... and a container name */
#define CONTAINER_POINTER_MAX 96  /* a CronJob's ephemeralContainers/N fits */
#define POINTER_MAX	      256
#define DETAIL_LIST_MAX	      200
#define SERVICE_ACCOUNT_MOUNT "/var/run/secrets/kubernetes.io/serviceaccount"

/* Where each controller keeps its pod template (the Pod is its own). */
struct workload_shape {
	const char *kind;
	const char *label;	  /* lower-case word used in subjects */
	const char *spec_path[6]; /* members leading to the pod spec */
	const char *spec_pointer; /* the same as a JSON pointer */
	const char *meta_pointer; /* the pod template's metadata */
};

static const struct workload_shape workload_shapes[] = {
	{"CronJob",
	 "cronjob",
	 {"spec", "jobTemplate", "spec", "template", "spec", NULL},
	 "/spec/jobTemplate/spec/template/spec",
	 "/spec/jobTemplate/spec/template/metadata"},
	{"DaemonSet",
	 "daemonset",
	 {"spec", "template", "spec", NULL},
	 "/spec/template/spec",
	 "/spec/template/metadata"},
	{"Deployment",
	 "deployment",
	 {"spec", "template", "spec", NULL},
	 "/spec/template/spec",
	 "/spec/template/metadata"},
	{"Job",
	 "job",
	 {"spec", "template", "spec", NULL},
	 "/spec/template/spec",
	 "/spec/template/metadata"},
	{"Pod", "pod", {"spec", NULL}, "/spec", "/metadata"},
	{"PodTemplate",
	 "podtemplate",
	 {"template", "spec", NULL},
	 "/template/spec",
	 "/template/metadata"},
	{"ReplicaSet",
	 "replicaset",
	 {"spec", "template", "spec", NULL},
	 "/spec/template/spec",
	 "/spec/template/metadata"},
	{"ReplicationController",
	 "replicationcontroller",
	 {"spec", "template", "spec", NULL},
	 "/spec/template/spec",
	 "/spec/template/metadata"},
	{"StatefulSet",
	 "statefulset",
	 {"spec", "template", "spec", NULL},
	 "/spec/template/spec",
	 "/spec/template/metadata"},
};
#define SHAPE_COUNT (sizeof(workload_shapes) / sizeof(workload_shapes[0]))

enum container_list { LIST_CONTAINERS, LIST_INIT, LIST_EPHEMERAL };

static bool within(const char *a, const char *b);

struct container {
	const json_t *json;
	const json_t *security; /* securityContext, or NULL */
	const char *name;
	enum container_list list;
	char subject[CONTAINER_SUBJECT_MAX];
	char pointer[CONTAINER_POINTER_MAX]; /* relative to the document */
};

/* What every probe needs to know about the current workload document, computed once. */
struct workload {
	/* Identity of the document this was computed for. */
	const json_t *root;
	char *file;
	char document_pointer[256];

	bool skip;	     /* a replica of a controller already checked */
	const char *problem; /* set when the pod template cannot be read */
	const struct workload_shape *shape;
	const json_t *spec; /* the pod spec */
	const json_t *pod_security;
	const json_t *annotations; /* the pod template's */
	bool live;		   /* read from a cluster (has status), not a manifest */
	char subject[SUBJECT_MAX];
	char namespace[256];
	struct container *containers;
	size_t count;
	size_t capacity;
};

struct kubernetes_state {
	struct workload workload;
	struct kubernetes_cluster cluster;
};

static struct kubernetes_state *state_of(struct probe_run *run)
{
	void **slot = probe_run_state(run, &probe_family_kubernetes);
	if (!*slot) {
		struct kubernetes_state *state = xcalloc(1, sizeof(*state));
		kubernetes_cluster_init(&state->cluster);
		*slot = state;
	}
	return *slot;
}

struct kubernetes_cluster *kubernetes_run_cluster(struct probe_run *run)
{
	return &state_of(run)->cluster;
}

static const struct workload_shape *shape_of(const char *kind)
{
	for (size_t i = 0; i < SHAPE_COUNT; i++)
		if (!strcmp(workload_shapes[i].kind, kind))
			return &workload_shapes[i];
	return NULL;
}

static const char *kubernetes_sniff(const json_t *root)
{
	const char *kind = json_string_value(json_object_get(root, "kind"));
	if (!kind || !json_is_string(json_object_get(root, "apiVersion")))
		return kubernetes_cluster_is_version(root) ? KUBERNETES_KIND_VERSION : NULL;
	if (shape_of(kind))
		return KUBERNETES_KIND_WORKLOAD;
	return kubernetes_cluster_sniff(kind);
}

/* Appends "/" + key (escaped) or "/N" to a pointer. */
static void pointer_join(char *out, size_t size, const char *base, const char *suffix)
{
	snprintf(out, size, "%s%s", base, suffix);
}

static const char *string_or(const json_t *object, const char *key, const char *fallback)
{
	const char *value = json_string_value(json_object_get(object, key));
	return value && *value ? value : fallback;
}

/*
 * The controller a Pod belongs to, as "subject" words and a de-duplication
 * key. A ReplicaSet named after its Deployment plus the pod-template-hash is
 * shown as the Deployment, which is what people manage.
 */
static bool pod_owner(const json_t *metadata, const char *namespace, char *subject,
		      size_t subject_size, char *key, size_t key_size)
{
	size_t index;
	const json_t *owner;
	json_array_foreach(json_object_get(metadata, "ownerReferences"), index, owner) {
		if (!json_is_true(json_object_get(owner, "controller")))
			continue;
		const char *kind = string_or(owner, "kind", NULL);
		const char *name = string_or(owner, "name", NULL);
		if (!kind || !name)
			return false;
		snprintf(key, key_size, "%s\x1f%s\x1f%s", namespace, kind, name);
		const char *hash = json_string_value(
			json_object_get(json_object_get(metadata, "labels"), "pod-template-hash"));
		size_t name_length = strlen(name), hash_length = hash ? strlen(hash) : 0;
		if (!strcmp(kind, "ReplicaSet") && hash_length && name_length > hash_length + 1 &&
		    name[name_length - hash_length - 1] == '-' &&
		    !strcmp(name + name_length - hash_length, hash)) {
			snprintf(subject, subject_size, "deployment %s/%.*s", namespace,
				 (int)(name_length - hash_length - 1), name);
			return true;
		}
		const struct workload_shape *shape = shape_of(kind);
		if (shape)
			snprintf(subject, subject_size, "%s %s/%s", shape->label, namespace, name);
		else
			snprintf(subject, subject_size, "%s %s/%s", kind, namespace, name);
		return true;
	}
	return false;
}

static void add_containers(struct workload *workload, const char *member, enum container_list list)
{
	static const char *const words[] = {"container", "init container", "ephemeral container"};
	const json_t *containers = json_object_get(workload->spec, member);
	size_t index;
	const json_t *json;
	json_array_foreach(containers, index, json) {
		if (!json_is_object(json))
			continue; /* the API server never lists one; nothing to judge */
		workload->containers = xgrow(workload->containers, &workload->capacity,
					     workload->count + 1, sizeof(*workload->containers));
		struct container *container = &workload->containers[workload->count++];
		container->json = json;
		container->name = string_or(json, "name", "(unnamed)");
		container->list = list;
		const json_t *security = json_object_get(json, "securityContext");
		container->security = json_is_object(security) ? security : NULL;
		snprintf(container->subject, sizeof(container->subject), "%s %s %.200s",
			 workload->subject, words[list], container->name);
		snprintf(container->pointer, sizeof(container->pointer), "%s/%s/%zu",
			 workload->shape->spec_pointer, member, index);
	}
}

static void describe(struct kubernetes_state *state, const struct evidence_document *document)
{
	struct workload *workload = &state->workload;
	const json_t *root = document->root;
	workload->root = root;
	free(workload->file);
	workload->file = xstrdup(document->file);
	snprintf(workload->document_pointer, sizeof(workload->document_pointer), "%s",
		 document->pointer);
	workload->skip = false;
	workload->problem = NULL;
	workload->count = 0;
	workload->shape = shape_of(json_string_value(json_object_get(root, "kind")));

	const json_t *metadata = json_object_get(root, "metadata");
	const char *name = string_or(metadata, "name", "(unnamed)");
	/* A manifest without a namespace is applied to the current one, usually default. */
	const char *namespace = string_or(metadata, "namespace", "default");
	snprintf(workload->namespace, sizeof(workload->namespace), "%s", namespace);
	char key[SUBJECT_MAX];
	bool owned = !strcmp(workload->shape->kind, "Pod") &&
		     pod_owner(metadata, namespace, workload->subject, sizeof(workload->subject),
			       key, sizeof(key));
	if (owned && !kubernetes_cluster_first_owner(&state->cluster, key))
		workload->skip = true;
	if (!owned)
		snprintf(workload->subject, sizeof(workload->subject), "%s %s/%s",
			 workload->shape->label, namespace, name);
	kubernetes_cluster_add_workload(&state->cluster, namespace, document);
	if (workload->skip)
		return;

	const json_t *spec = root;
	const json_t *template_metadata = metadata;
	for (size_t i = 0; workload->shape->spec_path[i] && spec; i++) {
		if (!workload->shape->spec_path[i + 1])
			template_metadata = json_object_get(spec, "metadata");
		spec = json_object_get(spec, workload->shape->spec_path[i]);
	}
	workload->spec = spec;
	workload->annotations = json_object_get(template_metadata, "annotations");
	const json_t *pod_security = json_object_get(spec, "securityContext");
	workload->pod_security = json_is_object(pod_security) ? pod_security : NULL;
	/* Only a Pod shows the admitted result; a controller's template never has the token mount.
	 */
	workload->live = !strcmp(workload->shape->kind, "Pod") &&
			 (json_is_object(json_object_get(root, "status")) ||
			  json_is_string(json_object_get(spec, "nodeName")));
	if (!json_is_object(spec)) {
		workload->problem = "has no pod template";
		return;
	}
	if (!json_is_array(json_object_get(spec, "containers"))) {
		workload->problem = "lists no containers";
		return;
	}
	add_containers(workload, "initContainers", LIST_INIT);
	add_containers(workload, "containers", LIST_CONTAINERS);
	add_containers(workload, "ephemeralContainers", LIST_EPHEMERAL);
}

/* The workload for `document`, computed by the first probe that asks; NULL to skip it. */
static struct workload *workload_of(struct probe_run *run, const struct probe *probe,
				    const struct evidence_document *document)
{
	struct kubernetes_state *state = state_of(run);
	struct workload *workload = &state->workload;
	/* The same json_t address can come back for the next List item: compare where it sits too.
	 */
	if (workload->root != document->root || !workload->file ||
	    strcmp(workload->document_pointer, document->pointer) ||
	    strcmp(workload->file, document->file))
		describe(state, document);
	if (workload->skip)
		return NULL;
	if (workload->problem) {
		probe_report(run, probe, document, PROBE_ERROR, workload->subject,
			     workload->shape->spec_pointer, "the %s %s; nothing to check",
			     workload->shape->kind, workload->problem);
		return NULL;
	}
	return workload;
}

typedef void container_check(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document,
			     const struct workload *workload, const struct container *container);

static void each_container(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, container_check *check,
			   bool ephemeral_too)
{
	const struct workload *workload = workload_of(run, probe, document);
	if (!workload)
		return;
	for (size_t i = 0; i < workload->count; i++)
		if (ephemeral_too || workload->containers[i].list != LIST_EPHEMERAL)
			check(run, probe, document, workload, &workload->containers[i]);
}

/* A container-level securityContext field, else the pod-level one; `at` gets its pointer. */
static const json_t *effective(const struct workload *workload, const struct container *container,
			       const char *field, char *at, size_t size)
{
	const json_t *value = json_object_get(container->security, field);
	if (value && !json_is_null(value)) {
		snprintf(at, size, "%s/securityContext/%s", container->pointer, field);
		return value;
	}
	value = json_object_get(workload->pod_security, field);
	if (value && !json_is_null(value)) {
		snprintf(at, size, "%s/securityContext/%s", workload->shape->spec_pointer, field);
		return value;
	}
	snprintf(at, size, "%s", container->pointer);
	return NULL;
}

/* ---------------------------------------------------------------- securityContext */

static void check_privileged(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document,
			     const struct workload *workload, const struct container *container)
{
	(void)workload;
	char at[POINTER_MAX];
	const json_t *value = json_object_get(container->security, "privileged");
	pointer_join(at, sizeof(at), container->pointer,
		     value ? "/securityContext/privileged" : "");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "runs privileged: root on the node with every device and capability");
	else if (value && !json_is_boolean(value) && !json_is_null(value))
		probe_report(run, probe, document, PROBE_ERROR, container->subject, at,
			     "securityContext.privileged is not true or false");
	else
		/* Kubernetes API reference, SecurityContext: "privileged ... Default is false." */
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "not privileged%s", value ? "" : " (the default)");
}

static void k8s_privileged(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document)
{
	each_container(run, probe, document, check_privileged, true);
}

static void check_escalation(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document,
			     const struct workload *workload, const struct container *container)
{
	(void)workload;
	char at[POINTER_MAX];
	const json_t *value = json_object_get(container->security, "allowPrivilegeEscalation");
	pointer_join(at, sizeof(at), container->pointer,
		     value ? "/securityContext/allowPrivilegeEscalation" : "");
	if (json_is_false(value))
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "privilege escalation is blocked (no_new_privs)");
	else if (json_is_true(value))
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "allowPrivilegeEscalation is true: setuid binaries can gain root");
	else
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "allowPrivilegeEscalation is not set to false (it defaults to true)");
}

static void k8s_privilege_escalation(struct probe_run *run, const struct probe *probe,
				     const struct evidence_document *document)
{
	each_container(run, probe, document, check_escalation, true);
}

static void check_non_root(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document,
			   const struct workload *workload, const struct container *container)
{
	char user_at[POINTER_MAX], non_root_at[POINTER_MAX];
	const json_t *user = effective(workload, container, "runAsUser", user_at, sizeof(user_at));
	const json_t *non_root =
		effective(workload, container, "runAsNonRoot", non_root_at, sizeof(non_root_at));
	if (json_is_integer(user) && json_integer_value(user) == 0)
		probe_report(run, probe, document, PROBE_FAIL, container->subject, user_at,
			     "runs as root (runAsUser: 0)");
	else if (json_is_true(non_root))
		probe_report(run, probe, document, PROBE_PASS, container->subject, non_root_at,
			     "runAsNonRoot is true: the kubelet refuses to start it as root");
	else if (json_is_integer(user) && json_integer_value(user) > 0)
		probe_report(run, probe, document, PROBE_PASS, container->subject, user_at,
			     "runs as UID %lld", (long long)json_integer_value(user));
	else if (json_is_false(non_root))
		probe_report(run, probe, document, PROBE_FAIL, container->subject, non_root_at,
			     "runAsNonRoot is false and no non-root runAsUser is set: it runs as "
			     "the image's user, root unless the image names another");
	else
		probe_report(run, probe, document, PROBE_FAIL, container->subject,
			     container->pointer,
			     "neither runAsNonRoot nor a non-zero runAsUser is set: it runs as the "
			     "image's user, root unless the image names another");
}

static void k8s_run_as_non_root(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	each_container(run, probe, document, check_non_root, true);
}

static void check_read_only_root(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document,
				 const struct workload *workload, const struct container *container)
{
	(void)workload;
	char at[POINTER_MAX];
	const json_t *value = json_object_get(container->security, "readOnlyRootFilesystem");
	pointer_join(at, sizeof(at), container->pointer,
		     value ? "/securityContext/readOnlyRootFilesystem" : "");
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "the root filesystem is read-only");
	else if (json_is_false(value))
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "readOnlyRootFilesystem is false: the root filesystem is writable");
	else
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "readOnlyRootFilesystem is not set: the root filesystem is writable");
}

static void k8s_read_only_root(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	each_container(run, probe, document, check_read_only_root, true);
}

/* Capability names with and without CAP_, any case: "cap_sys_admin" is SYS_ADMIN. */
static void capability_name(const char *text, char *out, size_t size)
{
	if (!strncasecmp(text, "CAP_", 4))
		text += 4;
	size_t i = 0;
	for (; text[i] && i + 1 < size; i++)
		out[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 'a' + 'A' : text[i]);
	out[i] = '\0';
}

static void list_append(char *list, size_t size, const char *item)
{
	size_t length = strlen(list);
	if (length + 1 >= size)
		return;
	if (length + strlen(item) + 3 >= size) {
		if (!strstr(list, "…"))
			snprintf(list + length, size - length, ", …");
		return;
	}
	snprintf(list + length, size - length, "%s%s", length ? ", " : "", item);
}

/*
 * The capabilities containerd and Docker give a container by default (the
 * runtimes of EKS, AKS and GKE nodes); CRI-O's default is a subset. A
 * container that drops these one by one instead of ALL keeps whatever a
 * runtime is configured to add, and the restricted Pod Security Standard
 * rejects it.
 */
static const char *const runtime_default_capabilities[] = {
	"CHOWN",   "DAC_OVERRIDE", "FSETID",	       "FOWNER",
	"MKNOD",   "NET_RAW",	   "SETGID",	       "SETUID",
	"SETFCAP", "SETPCAP",	   "NET_BIND_SERVICE", "SYS_CHROOT",
	"KILL",	   "AUDIT_WRITE",
};

static bool capability_dropped(const json_t *drop, const char *wanted)
{
	char name[64];
	size_t index;
	const json_t *item;
	json_array_foreach(drop, index, item) {
		capability_name(json_string_value(item) ? json_string_value(item) : "", name,
				sizeof(name));
		if (!strcmp(name, wanted))
			return true;
	}
	return false;
}

static void check_capabilities(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document,
			       const struct workload *workload, const struct container *container)
{
	(void)workload;
	const json_t *capabilities = json_object_get(container->security, "capabilities");
	const json_t *drop = json_object_get(capabilities, "drop");
	char name[64], added[DETAIL_LIST_MAX] = "", kept[DETAIL_LIST_MAX] = "", at[POINTER_MAX];
	bool drops_all = capability_dropped(drop, "ALL"), adds_bind = false;
	long first_added = -1;
	size_t index;
	const json_t *item;
	json_array_foreach(json_object_get(capabilities, "add"), index, item) {
		capability_name(json_string_value(item) ? json_string_value(item) : "?", name,
				sizeof(name));
		/* The one capability the restricted Pod Security Standard lets a pod add back. */
		if (!strcmp(name, "NET_BIND_SERVICE")) {
			adds_bind = true;
			continue;
		}
		if (first_added < 0)
			first_added = (long)index;
		list_append(added, sizeof(added), name);
	}
	if (first_added >= 0) {
		snprintf(at, sizeof(at), "%s/securityContext/capabilities/add/%ld",
			 container->pointer, first_added);
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "adds capabilities %s%s", added,
			     drops_all ? "" : " and does not drop ALL");
	} else if (!drops_all && json_array_size(drop) > 0) {
		for (size_t i = 0; i < sizeof(runtime_default_capabilities) /
					       sizeof(runtime_default_capabilities[0]);
		     i++)
			if (!capability_dropped(drop, runtime_default_capabilities[i]))
				list_append(kept, sizeof(kept), runtime_default_capabilities[i]);
		pointer_join(at, sizeof(at), container->pointer,
			     "/securityContext/capabilities/drop");
		if (kept[0])
			probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
				     "does not drop ALL capabilities: it keeps the runtime's "
				     "default %s",
				     kept);
		else
			probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
				     "drops the runtime's default capabilities by name, not ALL: "
				     "a runtime configured to grant more keeps them, and the "
				     "restricted Pod Security Standard rejects the pod");
	} else if (!drops_all) {
		pointer_join(at, sizeof(at), container->pointer,
			     capabilities ? "/securityContext/capabilities" : "");
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "does not drop ALL capabilities: it keeps the runtime's default set "
			     "(NET_RAW, CHOWN, SETUID…)");
	} else {
		pointer_join(at, sizeof(at), container->pointer,
			     "/securityContext/capabilities/drop");
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "drops ALL capabilities%s",
			     adds_bind ? " and adds back only NET_BIND_SERVICE" : "");
	}
}

static void k8s_capabilities(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	each_container(run, probe, document, check_capabilities, true);
}

static bool seccomp_confined(const char *type)
{
	return !strcmp(type, "RuntimeDefault") || !strcmp(type, "Localhost");
}

/*
 * The profile comes from the container's seccompProfile, else the pod's.
 * The alpha annotations (container.seccomp.security.alpha.kubernetes.io/NAME,
 * seccomp.security.alpha.kubernetes.io/pod) count only on clusters older
 * than v1.27, which the version in the evidence tells; such a container is
 * judged in finish.
 */
static void check_seccomp(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document, const struct workload *workload,
			  const struct container *container)
{
	char at[POINTER_MAX], key[300];
	const char *type = NULL;
	const json_t *profile = json_object_get(container->security, "seccompProfile");
	if ((type = json_string_value(json_object_get(profile, "type")))) {
		snprintf(at, sizeof(at), "%s/securityContext/seccompProfile/type",
			 container->pointer);
	} else if ((type = json_string_value(json_object_get(
			    json_object_get(workload->pod_security, "seccompProfile"), "type")))) {
		snprintf(at, sizeof(at), "%s/securityContext/seccompProfile/type",
			 workload->shape->spec_pointer);
	} else {
		snprintf(key, sizeof(key), "container.seccomp.security.alpha.kubernetes.io/%s",
			 container->name);
		const char *annotation =
			json_string_value(json_object_get(workload->annotations, key));
		if (!annotation) {
			snprintf(key, sizeof(key), "seccomp.security.alpha.kubernetes.io/pod");
			annotation = json_string_value(json_object_get(workload->annotations, key));
		}
		if (annotation) {
			snprintf(at, sizeof(at), "%s/annotations", workload->shape->meta_pointer);
			probe_pointer_append(at, sizeof(at), key);
			kubernetes_cluster_defer(kubernetes_run_cluster(run),
						 DEFERRED_SECCOMP_ANNOTATION, document, at,
						 container->subject, annotation, key);
			return;
		}
	}
	if (!type)
		probe_report(
			run, probe, document, PROBE_FAIL, container->subject, container->pointer,
			"no seccomp profile: it runs Unconfined unless the kubelet defaults to "
			"RuntimeDefault (--seccomp-default)");
	else if (seccomp_confined(type))
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "seccomp profile %s", type);
	else
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "seccomp profile %s: system calls are not filtered", type);
}

static void k8s_seccomp(struct probe_run *run, const struct probe *probe,
			const struct evidence_document *document)
{
	each_container(run, probe, document, check_seccomp, true);
}

/* ---------------------------------------------------------------- resources, image, env */

void kubernetes_quantity(const json_t *value, char *out, size_t size)
{
	if (json_is_string(value))
		snprintf(out, size, "%s", json_string_value(value));
	else if (json_is_integer(value))
		snprintf(out, size, "%lld", (long long)json_integer_value(value));
	else if (json_is_real(value))
		snprintf(out, size, "%g", json_real_value(value));
	else
		snprintf(out, size, "?");
}

static void check_limits(struct probe_run *run, const struct probe *probe,
			 const struct evidence_document *document, const struct workload *workload,
			 const struct container *container)
{
	const json_t *resources = json_object_get(container->json, "resources");
	const json_t *limits = json_object_get(resources, "limits");
	const json_t *cpu = json_object_get(limits, "cpu");
	const json_t *memory = json_object_get(limits, "memory");
	char at[POINTER_MAX], cpu_text[64], memory_text[64];
	pointer_join(at, sizeof(at), container->pointer,
		     limits	 ? "/resources/limits"
		     : resources ? "/resources"
				 : "");
	cpu_text[0] = memory_text[0] = '\0';
	if (cpu)
		kubernetes_quantity(cpu, cpu_text, sizeof(cpu_text));
	if (memory)
		kubernetes_quantity(memory, memory_text, sizeof(memory_text));
	if (cpu && memory) {
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "limits cpu %s and memory %s", cpu_text, memory_text);
	} else if (!workload->live) {
		/*
		 * Admission gives a new Pod the default limits of its namespace's
		 * LimitRanges, which may be in another document: judged in finish.
		 */
		char present[140];
		snprintf(present, sizeof(present), "%s\x1f%s", cpu_text, memory_text);
		kubernetes_cluster_defer(kubernetes_run_cluster(run), DEFERRED_LIMITS, document, at,
					 container->subject, workload->namespace, present);
	} else {
		/* A running Pod already carries what its LimitRanges set. */
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at, "%s",
			     !cpu && !memory ? KUBERNETES_NO_LIMITS
			     : !cpu	     ? KUBERNETES_NO_CPU_LIMIT
					     : KUBERNETES_NO_MEMORY_LIMIT);
	}
}

static void k8s_resource_limits(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	/* Ephemeral containers may not set resources: the API rejects them. */
	each_container(run, probe, document, check_limits, false);
}

static void check_image_pinned(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document,
			       const struct workload *workload, const struct container *container)
{
	(void)workload;
	char at[POINTER_MAX];
	const char *image = json_string_value(json_object_get(container->json, "image"));
	pointer_join(at, sizeof(at), container->pointer, image ? "/image" : "");
	struct kubernetes_image ref;
	if (!image || kubernetes_image_parse(image, &ref) < 0) {
		probe_report(run, probe, document, PROBE_ERROR, container->subject, at,
			     image ? "cannot read the image reference" : "no image is named");
		return;
	}
	/* The image family checks, at the end of the run, that some scan covers it. */
	char absolute[POINTER_MAX];
	snprintf(absolute, sizeof(absolute), "%s%s", document->pointer, at);
	probe_run_note_running_image(run, image, container->subject, document->file, absolute);
	if (ref.digest[0])
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "the image is pinned by digest (%.19s…)", ref.digest);
	else if (!ref.tag[0])
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "image %s has no tag: it runs whatever :latest points to", image);
	else if (!strcmp(ref.tag, "latest"))
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "image %s uses the floating tag latest", image);
	else
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "image %s is not pinned by digest: the tag can be moved", image);
}

static void k8s_image_pinned(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	each_container(run, probe, document, check_image_pinned, true);
}

static void check_trusted_registry(struct probe_run *run, const struct probe *probe,
				   const struct evidence_document *document,
				   const struct workload *workload,
				   const struct container *container)
{
	(void)workload;
	const struct probe_settings *settings = probe_run_settings(run);
	char at[POINTER_MAX];
	const char *image = json_string_value(json_object_get(container->json, "image"));
	pointer_join(at, sizeof(at), container->pointer, image ? "/image" : "");
	struct kubernetes_image ref;
	if (!image || kubernetes_image_parse(image, &ref) < 0) {
		probe_report(run, probe, document, PROBE_ERROR, container->subject, at,
			     image ? "cannot read the image reference" : "no image is named");
		return;
	}
	const char *entry = kubernetes_image_trusted(&ref, settings->trusted_registries,
						     settings->trusted_registry_count);
	if (entry)
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "image from trusted registry %s", entry);
	else
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "image %s comes from %s, which is not in trusted_registries", image,
			     ref.registry);
}

static void k8s_trusted_registry(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document)
{
	/*
	 * Without trusted_registries in the inventory there is nothing to compare
	 * with, and srgap does not guess which registries an organization trusts:
	 * the probe reports nothing rather than one error per container.
	 */
	if (!probe_run_settings(run)->trusted_registry_count)
		return;
	each_container(run, probe, document, check_trusted_registry, true);
}

static void check_env_secrets(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document,
			      const struct workload *workload, const struct container *container)
{
	(void)workload;
	const json_t *env = json_object_get(container->json, "env");
	char names[DETAIL_LIST_MAX] = "", at[POINTER_MAX];
	long first = -1;
	size_t found = 0, index;
	const json_t *item;
	json_array_foreach(env, index, item) {
		const char *name = json_string_value(json_object_get(item, "name"));
		const char *value = json_string_value(json_object_get(item, "value"));
		if (!name || !value || !probe_secret_reason(name, value))
			continue;
		if (first < 0)
			first = (long)index;
		found++;
		list_append(names, sizeof(names), name);
	}
	if (found) {
		snprintf(at, sizeof(at), "%s/env/%ld", container->pointer, first);
		probe_report(run, probe, document, PROBE_FAIL, container->subject, at,
			     "plain-text secret%s in env: %s (use secretKeyRef)",
			     found == 1 ? "" : "s", names);
	} else {
		pointer_join(at, sizeof(at), container->pointer, env ? "/env" : "");
		probe_report(run, probe, document, PROBE_PASS, container->subject, at,
			     "no secret-looking plain-text env values");
	}
}

static void k8s_env_secrets(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document)
{
	each_container(run, probe, document, check_env_secrets, true);
}

/* ---------------------------------------------------------------- pod-wide settings */

static void k8s_host_namespaces(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	static const char *const fields[] = {"hostNetwork", "hostPID", "hostIPC"};
	static const char *const words[] = {"network", "PID", "IPC"};
	const struct workload *workload = workload_of(run, probe, document);
	if (!workload)
		return;
	char shared[DETAIL_LIST_MAX] = "", at[POINTER_MAX] = "";
	const char *found[3];
	size_t count = 0;
	for (size_t i = 0; i < 3; i++) {
		if (!json_is_true(json_object_get(workload->spec, fields[i])))
			continue;
		if (!count)
			snprintf(at, sizeof(at), "%s/%s", workload->shape->spec_pointer, fields[i]);
		found[count++] = words[i];
	}
	/* "network", "network and PID", "network, PID and IPC" */
	for (size_t i = 0; i < count; i++)
		snprintf(shared + strlen(shared), sizeof(shared) - strlen(shared), "%s%s",
			 i == 0		  ? ""
			 : i + 1 == count ? " and "
					  : ", ",
			 found[i]);
	if (count)
		probe_report(run, probe, document, PROBE_FAIL, workload->subject, at,
			     "shares the node's %s namespace%s", shared, count == 1 ? "" : "s");
	else
		/* Kubernetes API reference, PodSpec: hostNetwork, hostPID, hostIPC "Default to
		 * false". */
		probe_report(run, probe, document, PROBE_PASS, workload->subject,
			     workload->shape->spec_pointer,
			     "does not share the node's network, process or IPC namespaces");
}

/* Is the volume mounted, and read-only in every container that mounts it? */
static bool mounted_read_only(const struct workload *workload, const char *volume)
{
	size_t mounts = 0;
	for (size_t c = 0; c < workload->count; c++) {
		size_t index;
		const json_t *mount;
		json_array_foreach(json_object_get(workload->containers[c].json, "volumeMounts"),
				   index, mount) {
			const char *name = json_string_value(json_object_get(mount, "name"));
			if (!name || strcmp(name, volume))
				continue;
			if (!json_is_true(json_object_get(mount, "readOnly")))
				return false;
			mounts++;
		}
	}
	/* An unmounted volume is still there for an ephemeral container to mount read-write. */
	return mounts > 0;
}

static void k8s_host_path(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document)
{
	const struct workload *workload = workload_of(run, probe, document);
	if (!workload)
		return;
	char sensitive[DETAIL_LIST_MAX] = "", other[DETAIL_LIST_MAX] = "", at[POINTER_MAX] = "";
	char normal[512], first_normal[512] = "", item[600];
	const struct kubernetes_host_path_risk *first = NULL;
	size_t index;
	const json_t *volume;
	json_array_foreach(json_object_get(workload->spec, "volumes"), index, volume) {
		const char *path = json_string_value(
			json_object_get(json_object_get(volume, "hostPath"), "path"));
		if (!path)
			continue;
		const struct kubernetes_host_path_risk *risk =
			kubernetes_host_path_risk(path, normal, sizeof(normal));
		const char *name = json_string_value(json_object_get(volume, "name"));
		bool read_only = name && mounted_read_only(workload, name);
		if (!risk || (risk->read_only_helps && read_only)) {
			snprintf(item, sizeof(item), "%s%s", normal, risk ? " read-only" : "");
			list_append(other, sizeof(other), item);
			continue;
		}
		if (!at[0]) {
			snprintf(at, sizeof(at), "%s/volumes/%zu/hostPath/path",
				 workload->shape->spec_pointer, index);
			first = risk;
			snprintf(first_normal, sizeof(first_normal), "%s", normal);
		}
		snprintf(item, sizeof(item), "%s%s", normal,
			 risk->read_only_helps ? " (writable)" : "");
		list_append(sensitive, sizeof(sensitive), item);
	}
	if (at[0]) {
		/* /var is no risk itself: say which directory inside it is. */
		bool parent = strcmp(first->path, "/") && !within(first_normal, first->path);
		probe_report(run, probe, document, PROBE_FAIL, workload->subject, at,
			     "mounts sensitive host paths %s: %s%s%s", sensitive,
			     parent ? first->path : "", parent ? " is " : "", first->why);
	} else if (other[0]) {
		probe_report(run, probe, document, PROBE_PASS, workload->subject,
			     workload->shape->spec_pointer,
			     "hostPath volumes expose nothing sensitive: %s", other);
	} else {
		probe_report(run, probe, document, PROBE_PASS, workload->subject,
			     workload->shape->spec_pointer, "no hostPath volumes");
	}
}

/* The first volumeMount at the service-account token path, as a pointer. */
static bool token_mount(const struct workload *workload, char *at, size_t size)
{
	for (size_t c = 0; c < workload->count; c++) {
		size_t index;
		const json_t *mount;
		json_array_foreach(json_object_get(workload->containers[c].json, "volumeMounts"),
				   index, mount) {
			const char *path = json_string_value(json_object_get(mount, "mountPath"));
			if (path && !strcmp(path, SERVICE_ACCOUNT_MOUNT)) {
				snprintf(at, size, "%s/volumeMounts/%zu",
					 workload->containers[c].pointer, index);
				return true;
			}
		}
	}
	return false;
}

static void k8s_service_account_token(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document)
{
	const struct workload *workload = workload_of(run, probe, document);
	if (!workload)
		return;
	char at[POINTER_MAX];
	const json_t *automount = json_object_get(workload->spec, "automountServiceAccountToken");
	snprintf(at, sizeof(at), "%s/automountServiceAccountToken", workload->shape->spec_pointer);
	if (json_is_false(automount)) {
		probe_report(run, probe, document, PROBE_PASS, workload->subject, at,
			     "the service-account token is not mounted");
	} else if (json_is_true(automount)) {
		probe_report(run, probe, document, PROBE_FAIL, workload->subject, at,
			     "automountServiceAccountToken is true: every container can call the "
			     "Kubernetes API as its service account");
	} else if (workload->live) {
		/* A running pod shows what admission decided, service-account setting included. */
		if (token_mount(workload, at, sizeof(at)))
			probe_report(
				run, probe, document, PROBE_FAIL, workload->subject, at,
				"the service-account token is mounted at " SERVICE_ACCOUNT_MOUNT);
		else
			probe_report(run, probe, document, PROBE_PASS, workload->subject,
				     workload->shape->spec_pointer,
				     "no service-account token is mounted (its service account "
				     "disables automounting)");
	} else {
		/* The pod's own value is unset: its ServiceAccount's decides, judged in finish. */
		const char *account = string_or(workload->spec, "serviceAccountName", NULL);
		if (!account)
			account = string_or(workload->spec, "serviceAccount", "default");
		char key[600];
		snprintf(key, sizeof(key), "%s\x1f%s", workload->namespace, account);
		kubernetes_cluster_defer(kubernetes_run_cluster(run), DEFERRED_SERVICE_ACCOUNT,
					 document, workload->shape->spec_pointer, workload->subject,
					 key, NULL);
	}
}

/* ---------------------------------------------------------------- image references */

int kubernetes_image_parse(const char *image, struct kubernetes_image *ref)
{
	memset(ref, 0, sizeof(*ref));
	size_t length = strlen(image);
	if (!length || length >= sizeof(ref->name) || strchr(image, ' '))
		return -1;
	const char *at = strchr(image, '@');
	size_t name_length = at ? (size_t)(at - image) : length;
	if (at)
		snprintf(ref->digest, sizeof(ref->digest), "%s", at + 1);
	const char *slash = memchr(image, '/', name_length);
	size_t first = slash ? (size_t)(slash - image) : 0;
	/* Docker's rule: the first component is a registry if it has a dot or port, or is
	 * localhost. */
	bool registry = slash && (memchr(image, '.', first) || memchr(image, ':', first) ||
				  (first == 9 && !strncmp(image, "localhost", 9)));
	const char *path = registry ? slash + 1 : image;
	size_t path_length = name_length - (size_t)(path - image);
	if (registry)
		snprintf(ref->registry, sizeof(ref->registry), "%.*s", (int)first, image);
	else
		snprintf(ref->registry, sizeof(ref->registry), "docker.io");
	for (char *c = ref->registry; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	if (!strcmp(ref->registry, "index.docker.io") ||
	    !strcmp(ref->registry, "registry-1.docker.io") ||
	    !strcmp(ref->registry, "registry.hub.docker.com"))
		snprintf(ref->registry, sizeof(ref->registry), "docker.io");
	const char *last_slash = path;
	for (const char *c = path; c < path + path_length; c++)
		if (*c == '/')
			last_slash = c;
	const char *colon = memchr(last_slash, ':', path_length - (size_t)(last_slash - path));
	size_t repository_length = colon ? (size_t)(colon - path) : path_length;
	if (colon)
		snprintf(ref->tag, sizeof(ref->tag), "%.*s",
			 (int)(path_length - repository_length - 1), colon + 1);
	/* A digest is ALGORITHM:HEX; "image@" or "image@sha256:" pins nothing. */
	const char *hex = at ? strchr(ref->digest, ':') : NULL;
	if (!repository_length || (colon && !ref->tag[0]) || (at && (!hex || !hex[1])))
		return -1;
	/* Docker Hub official images live under library/. */
	bool official = !registry && !memchr(path, '/', repository_length);
	snprintf(ref->name, sizeof(ref->name), "%s/%s%.*s", ref->registry,
		 official && !strcmp(ref->registry, "docker.io") ? "library/" : "",
		 (int)repository_length, path);
	return 0;
}

/* Does `entry` (host, host/path prefix, or *.suffix host) cover the image? */
static bool trusted_entry_matches(const struct kubernetes_image *ref, const char *entry)
{
	char normal[512];
	if (!strncasecmp(entry, "https://", 8))
		entry += 8;
	else if (!strncasecmp(entry, "http://", 7))
		entry += 7;
	size_t length = strlen(entry);
	while (length && entry[length - 1] == '/')
		length--;
	if (!length || length >= sizeof(normal))
		return false;
	memcpy(normal, entry, length);
	normal[length] = '\0';
	char *slash = strchr(normal, '/');
	size_t host_length = slash ? (size_t)(slash - normal) : length;
	for (size_t i = 0; i < host_length; i++)
		if (normal[i] >= 'A' && normal[i] <= 'Z')
			normal[i] = (char)(normal[i] - 'A' + 'a');
	const char *path = slash ? slash + 1 : "";
	char host[256];
	snprintf(host, sizeof(host), "%.*s", (int)host_length, normal);
	if (!strcmp(host, "index.docker.io") || !strcmp(host, "registry-1.docker.io") ||
	    !strcmp(host, "registry.hub.docker.com"))
		snprintf(host, sizeof(host), "docker.io");
	if (!strncmp(host, "*.", 2)) {
		size_t suffix = strlen(host) - 1; /* ".example.com" */
		size_t registry_length = strlen(ref->registry);
		if (registry_length <= suffix ||
		    strcmp(ref->registry + registry_length - suffix, host + 1))
			return false;
	} else if (strcmp(ref->registry, host)) {
		return false;
	}
	if (!*path)
		return true;
	const char *repository = ref->name + strlen(ref->registry) + 1;
	size_t path_length = strlen(path);
	return !strncmp(repository, path, path_length) &&
	       (repository[path_length] == '\0' || repository[path_length] == '/');
}

const char *kubernetes_image_trusted(const struct kubernetes_image *ref, const char *const *entries,
				     size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (entries[i] && trusted_entry_matches(ref, entries[i]))
			return entries[i];
	return NULL;
}

/* ---------------------------------------------------------------- host paths */

/*
 * Host directories whose exposure gives away the node: its configuration
 * and credentials, the container runtime's socket and state, the kernel's
 * interfaces, the kubelet's secrets, logs the kubelet serves, and system
 * binaries. A read-only mount helps only where the escape needs writing
 * (planting a log symlink or a binary); reading keys, tokens or another
 * container's files, opening a device or connecting to a socket needs none.
 */
static const struct kubernetes_host_path_risk host_path_risks[] = {
	{"/bin", "the node's programs: a container can replace what the node runs", true},
	{"/boot", "the node's kernel and boot loader", true},
	{"/dev",
	 "the node's devices: disks and memory open for writing even through a read-only "
	 "mount",
	 false},
	{"/etc", "the node's configuration and credentials (password hashes, keys)", false},
	{"/etc/kubernetes", "the node's kubeconfigs and PKI keys", false},
	{"/home", "users' SSH keys and credentials", false},
	{"/lib", "the node's libraries: a container can replace code the node runs", true},
	{"/lib64", "the node's libraries: a container can replace code the node runs", true},
	{"/proc", "the kernel's process interface: every process's environment and memory", false},
	{"/root", "root's SSH keys and credentials", false},
	{"/run/containerd",
	 "containerd's socket: one call away from a privileged container (read-only does not stop "
	 "a socket connection)",
	 false},
	{"/run/crio", "CRI-O's socket: one call away from a privileged container", false},
	{"/run/docker.sock",
	 "the Docker socket: root on the node (read-only does not stop a socket connection)",
	 false},
	{"/sbin", "the node's programs: a container can replace what the node runs", true},
	{"/sys", "the kernel's settings and devices", false},
	{"/usr", "the node's programs: a container can replace what the node runs", true},
	{"/var/lib/containerd", "containerd's storage: every container's files and secrets", false},
	{"/var/lib/docker", "Docker's storage: every container's files and secrets", false},
	{"/var/lib/etcd", "the cluster's datastore: every Secret", false},
	{"/var/lib/kubelet",
	 "the kubelet's directory: every pod's service-account tokens and Secrets", false},
	{"/var/log",
	 "the kubelet follows symlinks a container plants under /var/log when it serves logs, so "
	 "a writable mount reads any file of the node",
	 true},
	{"/var/run/containerd",
	 "containerd's socket: one call away from a privileged container (read-only does not stop "
	 "a socket connection)",
	 false},
	{"/var/run/cri-dockerd.sock", "cri-dockerd's socket: root on the node", false},
	{"/var/run/crio", "CRI-O's socket: one call away from a privileged container", false},
	{"/var/run/docker.sock",
	 "the Docker socket: root on the node (read-only does not stop a socket connection)",
	 false},
};

/* Lexical clean-up: repeated slashes, "." and ".." segments, trailing slash. */
static void normalize_path(const char *path, char *out, size_t size)
{
	size_t length = 0;
	out[0] = '\0';
	while (*path) {
		while (*path == '/')
			path++;
		const char *end = strchr(path, '/');
		size_t segment = end ? (size_t)(end - path) : strlen(path);
		if (segment == 0)
			break;
		if (segment == 1 && path[0] == '.') {
			/* nothing */
		} else if (segment == 2 && path[0] == '.' && path[1] == '.') {
			while (length > 0 && out[length - 1] != '/')
				length--;
			if (length > 0)
				length--;
			out[length] = '\0';
		} else if (length + segment + 2 < size) {
			out[length++] = '/';
			memcpy(out + length, path, segment);
			length += segment;
			out[length] = '\0';
		}
		path += segment;
	}
	if (!length)
		snprintf(out, size, "/");
}

/* True when a is b or lies under it. */
static bool within(const char *a, const char *b)
{
	size_t length = strlen(b);
	return !strncmp(a, b, length) && (a[length] == '\0' || a[length] == '/');
}

static const struct kubernetes_host_path_risk whole_node = {"/", "the node's whole filesystem",
							    false};

const struct kubernetes_host_path_risk *kubernetes_host_path_risk(const char *path, char *normal,
								  size_t size)
{
	normalize_path(path, normal, size);
	if (!strcmp(normal, "/"))
		return &whole_node;
	const struct kubernetes_host_path_risk *inside = NULL, *holds = NULL;
	for (size_t i = 0; i < sizeof(host_path_risks) / sizeof(host_path_risks[0]); i++) {
		const struct kubernetes_host_path_risk *risk = &host_path_risks[i];
		/* The most specific directory the path lies in decides. */
		if (within(normal, risk->path) &&
		    (!inside || strlen(risk->path) > strlen(inside->path)))
			inside = risk;
		/* A parent of sensitive directories (/var holds /var/lib/kubelet): the worst. */
		if (within(risk->path, normal) &&
		    (!holds || (holds->read_only_helps && !risk->read_only_helps)))
			holds = risk;
	}
	return inside ? inside : holds;
}

bool kubernetes_sensitive_host_path(const char *path, char *normal, size_t size)
{
	return kubernetes_host_path_risk(path, normal, size) != NULL;
}

/* ---------------------------------------------------------------- the family */

static void kubernetes_finish(struct probe_run *run)
{
	void **slot = probe_run_state(run, &probe_family_kubernetes);
	struct kubernetes_state *state = *slot;
	if (!state)
		return;
	kubernetes_cluster_finish(run, &state->cluster);
	kubernetes_cluster_release(&state->cluster);
	free(state->workload.file);
	free(state->workload.containers);
	free(state);
	*slot = NULL;
}

static const char *const controls_privileged[] = {"4.4.3a", NULL};
static const char *const controls_least_privilege[] = {"4.4.3b", NULL};
static const char *const controls_read_only[] = {"4.4.4b", NULL};
static const char *const controls_seccomp[] = {"4.4.3c", NULL};
static const char *const controls_limits[] = {"4.4.3d", NULL};
static const char *const controls_pinned[] = {"4.2.2b", NULL};
static const char *const controls_trusted[] = {"4.1.5a", NULL};
static const char *const controls_env_secrets[] = {"4.1.4b", NULL};
static const char *const controls_host_path[] = {"4.5.5a", NULL};
static const char *const controls_token[] = {"4.1.4d", "4.3.1c", NULL};
static const char *const controls_none[] = {NULL};

/* Sorted by id; the cluster-wide probes come from kubernetes_cluster.c. */
static const struct probe kubernetes_probes[] = {
	{"k8s.namespace.default-deny-egress",
	 "every namespace with workloads has a default-deny egress NetworkPolicy",
	 KUBERNETES_KIND_NETWORK_POLICY, kubernetes_controls_egress,
	 kubernetes_default_deny_egress},
	{"k8s.namespace.default-deny-ingress",
	 "every namespace with workloads has a default-deny ingress NetworkPolicy",
	 KUBERNETES_KIND_NETWORK_POLICY, kubernetes_controls_ingress,
	 kubernetes_default_deny_ingress},
	{"k8s.namespace.pod-security",
	 "every namespace with workloads enforces the baseline or restricted Pod Security Standard",
	 KUBERNETES_KIND_NAMESPACE, kubernetes_controls_pod_security, kubernetes_pod_security},
	{"k8s.object.not-judged",
	 "Kubernetes objects srgap recognizes but has no check for (listed as skip, with why)",
	 KUBERNETES_KIND_OTHER, controls_none, kubernetes_not_judged},
	{"k8s.pod.capabilities",
	 "containers drop ALL capabilities and add none back (NET_BIND_SERVICE aside)",
	 KUBERNETES_KIND_WORKLOAD, controls_least_privilege, k8s_capabilities},
	{"k8s.pod.env-secrets", "containers hold no secret-looking plain-text env values",
	 KUBERNETES_KIND_WORKLOAD, controls_env_secrets, k8s_env_secrets},
	{"k8s.pod.host-namespaces", "pods do not share the node's network, PID or IPC namespaces",
	 KUBERNETES_KIND_WORKLOAD, controls_privileged, k8s_host_namespaces},
	{"k8s.pod.host-path",
	 "pods mount no sensitive host paths (/, /etc, runtime sockets, /proc…)",
	 KUBERNETES_KIND_WORKLOAD, controls_host_path, k8s_host_path},
	{"k8s.pod.image-pinned", "container images are pinned by digest, never a floating tag",
	 KUBERNETES_KIND_WORKLOAD, controls_pinned, k8s_image_pinned},
	{"k8s.pod.privilege-escalation", "containers set allowPrivilegeEscalation: false",
	 KUBERNETES_KIND_WORKLOAD, controls_least_privilege, k8s_privilege_escalation},
	{"k8s.pod.privileged", "containers are not privileged", KUBERNETES_KIND_WORKLOAD,
	 controls_privileged, k8s_privileged},
	{"k8s.pod.read-only-root-filesystem", "containers have a read-only root filesystem",
	 KUBERNETES_KIND_WORKLOAD, controls_read_only, k8s_read_only_root},
	{"k8s.pod.resource-limits", "containers set CPU and memory limits",
	 KUBERNETES_KIND_WORKLOAD, controls_limits, k8s_resource_limits},
	{"k8s.pod.run-as-non-root", "containers run as a non-root user", KUBERNETES_KIND_WORKLOAD,
	 controls_least_privilege, k8s_run_as_non_root},
	{"k8s.pod.seccomp",
	 "containers run under the RuntimeDefault or a Localhost seccomp profile",
	 KUBERNETES_KIND_WORKLOAD, controls_seccomp, k8s_seccomp},
	{"k8s.pod.service-account-token",
	 "pods do not mount a service-account token they may not need", KUBERNETES_KIND_WORKLOAD,
	 controls_token, k8s_service_account_token},
	{"k8s.pod.trusted-registry",
	 "container images come from the inventory's trusted_registries", KUBERNETES_KIND_WORKLOAD,
	 controls_trusted, k8s_trusted_registry},
	{"k8s.rbac.cluster-admin",
	 "admin-equivalent roles (cluster-admin, wildcards, escalation, exec, secrets) are bound "
	 "only to the platform's own subjects",
	 KUBERNETES_KIND_ROLE_BINDING, kubernetes_controls_cluster_admin, kubernetes_cluster_admin},
};

const struct probe_family probe_family_kubernetes = {
	.name = "kubernetes",
	.probes = kubernetes_probes,
	.probe_count = sizeof(kubernetes_probes) / sizeof(kubernetes_probes[0]),
	.sniff = kubernetes_sniff,
	.observe = kubernetes_cluster_observe,
	.finish = kubernetes_finish,
};
