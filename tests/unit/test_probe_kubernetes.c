/*
 * Unit tests for the Kubernetes probe family: a hardened folder where every
 * probe passes, an insecure one where each fails, error fixtures, a
 * `kubectl get pods -o json` List (replicas stand for their controller,
 * live pods show their token mount), trusted registries, and the image
 * reference, registry matching and host path helpers.
 */
#include "probe/kubernetes.h"
#include "probe_test_support.h"

#define K8S(name) FIXTURE("probe_kubernetes/" name)

static const char *const every_workload_probe[] = {
	"k8s.pod.capabilities",	   "k8s.pod.env-secrets",
	"k8s.pod.host-namespaces", "k8s.pod.host-path",
	"k8s.pod.image-pinned",	   "k8s.pod.privilege-escalation",
	"k8s.pod.privileged",	   "k8s.pod.read-only-root-filesystem",
	"k8s.pod.resource-limits", "k8s.pod.run-as-non-root",
	"k8s.pod.seccomp",	   "k8s.pod.service-account-token",
};

/* ------------------------------------------------------------------ hardened */

static void test_hardened_workload_passes(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("pass"));
	const char *api = "deployment shop/web container api";
	const char *init = "deployment shop/web init container migrate";
	const char *c = "/spec/template/spec/containers/0";
	char at[256];
	expect_result(r, "k8s.pod.privileged", api, PROBE_PASS, c, "the default");
#define AT(suffix) (snprintf(at, sizeof(at), "%s%s", c, suffix), at)
	expect_result(r, "k8s.pod.privilege-escalation", api, PROBE_PASS,
		      AT("/securityContext/allowPrivilegeEscalation"), "blocked");
	expect_result(r, "k8s.pod.read-only-root-filesystem", api, PROBE_PASS,
		      AT("/securityContext/readOnlyRootFilesystem"), "read-only");
	expect_result(r, "k8s.pod.capabilities", api, PROBE_PASS,
		      AT("/securityContext/capabilities/drop"), "adds back only NET_BIND_SERVICE");
	expect_result(r, "k8s.pod.resource-limits", api, PROBE_PASS, AT("/resources/limits"),
		      "cpu 1 and memory 256Mi");
	expect_result(r, "k8s.pod.image-pinned", api, PROBE_PASS, AT("/image"), "digest");
	expect_result(r, "k8s.pod.env-secrets", api, PROBE_PASS, AT("/env"), NULL);
#undef AT
	/* Pod-level settings reach every container, init containers included. */
	expect_result(r, "k8s.pod.run-as-non-root", api, PROBE_PASS,
		      "/spec/template/spec/securityContext/runAsNonRoot", "refuses");
	expect_result(r, "k8s.pod.run-as-non-root", init, PROBE_PASS,
		      "/spec/template/spec/securityContext/runAsNonRoot", NULL);
	expect_result(r, "k8s.pod.seccomp", init, PROBE_PASS,
		      "/spec/template/spec/securityContext/seccompProfile/type", "RuntimeDefault");
	expect_result(r, "k8s.pod.resource-limits", init, PROBE_PASS,
		      "/spec/template/spec/initContainers/0/resources/limits", NULL);
	const char *web = "deployment shop/web";
	expect_result(r, "k8s.pod.host-namespaces", web, PROBE_PASS, "/spec/template/spec", NULL);
	expect_result(r, "k8s.pod.host-path", web, PROBE_PASS, "/spec/template/spec",
		      "expose nothing sensitive: /data/cache");
	expect_result(r, "k8s.pod.service-account-token", web, PROBE_PASS,
		      "/spec/template/spec/automountServiceAccountToken", "not mounted");

	/* The namespace results point at the policy and Namespace in the other file. */
	const struct probe_result *ingress =
		expect_result(r, "k8s.namespace.default-deny-ingress", "namespace shop", PROBE_PASS,
			      "/items/1/spec", "NetworkPolicy deny-all");
	assert_non_null(strstr(ingress->file, "pass/cluster.json"));
	expect_result(r, "k8s.namespace.default-deny-egress", "namespace shop", PROBE_PASS,
		      "/items/1/spec", "denies all egress");
	expect_result(r, "k8s.namespace.pod-security", "namespace shop", PROBE_PASS,
		      "/items/0/metadata/labels/pod-security.kubernetes.io~1enforce", "restricted");
	expect_result(r, "k8s.rbac.cluster-admin", "clusterrolebinding cluster-admin", PROBE_PASS,
		      "/items/2/subjects", "only for the platform's own subjects");
	/* The ClusterRole is read from the evidence: view grants nothing admin-like. */
	expect_result(r, "k8s.rbac.cluster-admin", "rolebinding shop/viewers", PROBE_PASS,
		      "/items/3/roleRef", "ClusterRole view, which is not admin-equivalent");

	/* No scanner reports in this fixture: the image family's coverage check fails them. */
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].outcome != PROBE_PASS &&
		    strcmp(r->items[i].probe, "image.scan.running-images"))
			fail_msg("%s for %s: not a pass: %s", r->items[i].probe,
				 r->items[i].subject, r->items[i].detail);
	/* No trusted_registries: that probe has nothing to compare with and stays silent. */
	assert_int_equal(count_results(r, "k8s.pod.trusted-registry"), 0);
	/* 26 Kubernetes results, and the two containers' images are covered by no scan. */
	assert_int_equal(count_results(r, "image.scan.running-images"), 2);
	assert_int_equal(r->count, 28);
}

/* ------------------------------------------------------------------ insecure */

static void test_insecure_deployment_fails(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("fail"));
	const char *app = "deployment shop/legacy container app";
	const char *c = "/spec/template/spec/containers/0";
	char at[256];
#define AT(suffix) (snprintf(at, sizeof(at), "%s%s", c, suffix), at)
	expect_result(r, "k8s.pod.privileged", app, PROBE_FAIL, AT("/securityContext/privileged"),
		      "runs privileged");
	expect_result(r, "k8s.pod.privilege-escalation", app, PROBE_FAIL,
		      AT("/securityContext/allowPrivilegeEscalation"), "is true");
	expect_result(r, "k8s.pod.run-as-non-root", app, PROBE_FAIL,
		      AT("/securityContext/runAsUser"), "runAsUser: 0");
	expect_result(r, "k8s.pod.read-only-root-filesystem", app, PROBE_FAIL,
		      AT("/securityContext/readOnlyRootFilesystem"), "is false");
	expect_result(r, "k8s.pod.capabilities", app, PROBE_FAIL,
		      AT("/securityContext/capabilities/add/0"),
		      "adds capabilities SYS_ADMIN, NET_ADMIN and does not drop ALL");
	expect_result(r, "k8s.pod.resource-limits", app, PROBE_FAIL, c, "no CPU or memory limit");
	expect_result(r, "k8s.pod.image-pinned", app, PROBE_FAIL, AT("/image"), "has no tag");
	expect_result(r, "k8s.pod.seccomp", app, PROBE_FAIL,
		      AT("/securityContext/seccompProfile/type"), "Unconfined");
	const struct probe_result *env = expect_result(r, "k8s.pod.env-secrets", app, PROBE_FAIL,
						       AT("/env/1"), "DB_PASSWORD");
#undef AT
	/* The finding names the variable, never its value. */
	assert_null(strstr(env->detail, "hunter2"));
	assert_null(strstr(env->detail, "LOG_LEVEL"));

	const char *legacy = "deployment shop/legacy";
	expect_result(r, "k8s.pod.host-namespaces", legacy, PROBE_FAIL,
		      "/spec/template/spec/hostNetwork", "network and PID namespaces");
	expect_result(r, "k8s.pod.host-path", legacy, PROBE_FAIL,
		      "/spec/template/spec/volumes/0/hostPath/path",
		      "/var/run/docker.sock, /etc: the Docker socket: root on the node");
	const struct probe_result *paths = find_result(r, "k8s.pod.host-path", legacy);
	assert_null(strstr(paths->detail, "/srv/data"));
	expect_result(r, "k8s.pod.service-account-token", legacy, PROBE_FAIL,
		      "/spec/template/spec/automountServiceAccountToken", "is true");
}

static void test_cronjob_template_and_init_container(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("fail"));
	const char *run = "cronjob batch/report container run";
	const char *fetch = "cronjob batch/report init container fetch";
	const char *spec = "/spec/jobTemplate/spec/template/spec";
	char at[256];
	snprintf(at, sizeof(at), "%s/containers/0/resources/limits", spec);
	expect_result(r, "k8s.pod.resource-limits", run, PROBE_FAIL, at, "no CPU limit");
	snprintf(at, sizeof(at), "%s/containers/0/image", spec);
	expect_result(r, "k8s.pod.image-pinned", run, PROBE_FAIL, at, "not pinned by digest");
	snprintf(at, sizeof(at), "%s/initContainers/0/image", spec);
	expect_result(r, "k8s.pod.image-pinned", fetch, PROBE_FAIL, at, "floating tag latest");
	/* runAsNonRoot: false at pod level is no protection. */
	snprintf(at, sizeof(at), "%s/securityContext/runAsNonRoot", spec);
	expect_result(r, "k8s.pod.run-as-non-root", fetch, PROBE_FAIL, at, "runAsNonRoot is false");
	/* A value shaped like an AWS key is a secret whatever the variable is called. */
	snprintf(at, sizeof(at), "%s/containers/0/env/0", spec);
	expect_result(r, "k8s.pod.env-secrets", run, PROBE_FAIL, at, "CONFIG");
	/* The alpha annotation has had no effect since v1.27; no version in this evidence. */
	expect_result(r, "k8s.pod.seccomp", run, PROBE_FAIL,
		      "/spec/jobTemplate/spec/template/metadata/annotations/"
		      "container.seccomp.security.alpha.kubernetes.io~1run",
		      "ignored since Kubernetes v1.27");
	snprintf(at, sizeof(at), "%s/initContainers/0", spec);
	expect_result(r, "k8s.pod.seccomp", fetch, PROBE_FAIL, at, "no seccomp profile");
	expect_result(r, "k8s.pod.privilege-escalation", fetch, PROBE_FAIL, at, "defaults to true");
	expect_result(r, "k8s.pod.read-only-root-filesystem", fetch, PROBE_FAIL, at, "not set");
	expect_result(r, "k8s.pod.capabilities", fetch, PROBE_FAIL, at, "does not drop ALL");
	expect_result(r, "k8s.pod.privileged", fetch, PROBE_PASS, at, NULL);
	expect_result(r, "k8s.pod.run-as-non-root", run, PROBE_FAIL, NULL, NULL);
	snprintf(at, sizeof(at), "%s/volumes/0/hostPath/path", spec);
	expect_result(r, "k8s.pod.host-path", "cronjob batch/report", PROBE_FAIL, at,
		      "host paths /: the node's whole filesystem");
	/* Its ServiceAccount is not in the evidence: the token is mounted unless it disables it. */
	expect_result(r, "k8s.pod.service-account-token", "cronjob batch/report", PROBE_FAIL, spec,
		      "ServiceAccount batch/default is not in the evidence");
}

static void test_daemonset_adds_all(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("fail"));
	const char *agent = "daemonset kube-system/agent container agent";
	expect_result(r, "k8s.pod.capabilities", agent, PROBE_FAIL,
		      "/spec/template/spec/containers/0/securityContext/capabilities/add/0",
		      "adds capabilities ALL");
	const struct probe_result *caps = find_result(r, "k8s.pod.capabilities", agent);
	assert_null(strstr(caps->detail, "does not drop ALL"));
	expect_result(r, "k8s.pod.host-namespaces", "daemonset kube-system/agent", PROBE_FAIL,
		      "/spec/template/spec/hostIPC", "IPC namespace");
	/* Inside the kubelet's directory is as sensitive as the directory. */
	expect_result(r, "k8s.pod.host-path", "daemonset kube-system/agent", PROBE_FAIL, NULL,
		      "/var/lib/kubelet/pods");
	expect_result(r, "k8s.pod.run-as-non-root", agent, PROBE_FAIL,
		      "/spec/template/spec/containers/0", "neither runAsNonRoot");
}

static void test_namespaces_and_bindings_fail(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("fail"));
	/* An allow policy for some pods is not a default deny. */
	const struct probe_result *shop =
		expect_result(r, "k8s.namespace.default-deny-ingress", "namespace shop", PROBE_FAIL,
			      "", "no default-deny ingress NetworkPolicy");
	assert_non_null(strstr(shop->file, "fail/workloads.yaml"));
	expect_result(r, "k8s.namespace.default-deny-egress", "namespace shop", PROBE_FAIL, "",
		      NULL);
	/* Without policyTypes, a policy without ingress rules denies ingress... */
	expect_result(r, "k8s.namespace.default-deny-ingress", "namespace batch", PROBE_PASS,
		      "/spec", "deny-ingress");
	/* ... and egress governed with an allow-all rule denies nothing. */
	expect_result(r, "k8s.namespace.default-deny-egress", "namespace batch", PROBE_FAIL, "",
		      NULL);
	expect_result(r, "k8s.namespace.pod-security", "namespace shop", PROBE_FAIL,
		      "/metadata/labels/pod-security.kubernetes.io~1enforce", "privileged level");
	expect_result(r, "k8s.namespace.pod-security", "namespace batch", PROBE_FAIL, "/metadata",
		      "no pod-security.kubernetes.io/enforce label");
	/* Workloads in a namespace whose Namespace object was not collected: cannot tell. */
	expect_result(r, "k8s.namespace.pod-security", "namespace kube-system", PROBE_ERROR, "",
		      "not in the evidence");

	const struct probe_result *admin = expect_result(
		r, "k8s.rbac.cluster-admin", "clusterrolebinding ops-admin", PROBE_FAIL,
		"/subjects/1", "to User alice, Group system:authenticated;");
	/* system:masters and kube-system service accounts are the platform's own: named apart. */
	assert_non_null(strstr(admin->detail,
			       "platform subjects not counted: Group system:masters, "
			       "ServiceAccount kube-system/admin"));
	expect_result(r, "k8s.rbac.cluster-admin", "rolebinding shop/shop-admin", PROBE_FAIL,
		      "/subjects/0", "within namespace shop (ClusterRole cluster-admin");
}

/* ------------------------------------------------------------------ RBAC by what roles grant */

static void test_rbac_resolves_roles_across_files(void **state)
{
	/* a-bindings.yaml is read before b-roles.json: bindings wait for the roles. */
	struct probe_results *r = run_fixture(state, K8S("rbac"));
	const char *crb = "k8s.rbac.cluster-admin";
	expect_result(r, crb, "clusterrolebinding deployers", PROBE_FAIL, "/subjects/0",
		      "(every verb on every resource in every API group) to Group ci");
	/* The seven verbs spelled out over two rules are every verb too. */
	expect_result(r, crb, "clusterrolebinding spelled-out", PROBE_FAIL, NULL, "every verb");
	expect_result(r, crb, "clusterrolebinding escalators", PROBE_FAIL, NULL,
		      "(escalate roles) to User dave");
	/* "*" + "/exec" matches pods/exec, as the RBAC authorizer does. */
	expect_result(r, crb, "clusterrolebinding debuggers", PROBE_FAIL, NULL, "create pods/exec");
	expect_result(r, crb, "clusterrolebinding secret-readers", PROBE_FAIL, NULL,
		      "get secrets in every namespace");
	/* Reading the secrets of one namespace is not admin; the same role cluster-wide is. */
	expect_result(r, crb, "rolebinding tools/secret-readers", PROBE_PASS, "/roleRef",
		      "not admin-equivalent within its namespace");
	expect_result(r, crb, "clusterrolebinding node-proxy", PROBE_FAIL, NULL, "nodes/proxy");
	/* A rule limited to resourceNames grants those objects only. */
	expect_result(r, crb, "clusterrolebinding one-secret", PROBE_PASS, NULL,
		      "not admin-equivalent");
	const struct probe_result *x =
		expect_result(r, crb, "clusterrolebinding mystery", PROBE_ERROR, "/roleRef",
			      "cannot see ClusterRole mystery");
	assert_non_null(strstr(x->file, "a-bindings.yaml"));
	expect_result(r, crb, "clusterrolebinding aggregated", PROBE_ERROR, NULL,
		      "aggregates other ClusterRoles");
	/* The platform's own identities: named, reported, never the customer's failure. */
	expect_result(r, crb, "clusterrolebinding system:node-proxier", PROBE_PASS, "/subjects",
		      "only for the platform's own subjects, not the customer's to change: Group "
		      "system:nodes, User system:kube-proxy");
	/* system:serviceaccounts is every service account: nobody's own. */
	x = expect_result(r, crb, "clusterrolebinding mixed", PROBE_FAIL, "/subjects/1",
			  "to Group system:serviceaccounts; platform subjects not counted: "
			  "ServiceAccount kube-system/kube-proxy");
	/* A Role is namespaced: shop's binder grants bind; payments has no such Role. */
	expect_result(r, crb, "rolebinding shop/binders", PROBE_FAIL, NULL,
		      "within namespace shop (bind roles) to ServiceAccount shop/operator");
	expect_result(r, crb, "rolebinding payments/binders", PROBE_ERROR, NULL,
		      "cannot see Role binder");
	assert_int_equal(count_results(r, crb), 14);
}

static void test_rbac_admin_reasons(void **state)
{
	(void)state;
	char why[200];
	json_error_t error;
	json_t *rules = json_loads("[{\"apiGroups\": [\"\"], \"resources\": [\"*\"], \"verbs\": "
				   "[\"*\"]}]",
				   0, &error);
	/* The core group's every resource: secrets, pods/exec, nodes/proxy, tokens. */
	assert_true(kubernetes_rbac_admin_reason(rules, true, why, sizeof(why)));
	assert_string_equal(why, "impersonate users, impersonate groups, impersonate "
				 "serviceaccounts, …");
	assert_true(kubernetes_rbac_admin_reason(rules, false, why, sizeof(why)));
	assert_string_equal(why, "impersonate serviceaccounts, create pods/exec, create "
				 "serviceaccounts/token");
	json_decref(rules);
	rules = json_loads("[{\"apiGroups\": [\"*\"], \"resources\": [\"*\"], \"verbs\": "
			   "[\"get\", \"list\", \"watch\"]}]",
			   0, &error);
	assert_true(kubernetes_rbac_admin_reason(rules, true, why, sizeof(why)));
	/* ... and get on nodes/proxy, the fourth reason. */
	assert_string_equal(why, "get secrets in every namespace, list secrets in every namespace, "
				 "watch secrets in every namespace, …");
	assert_false(kubernetes_rbac_admin_reason(rules, false, why, sizeof(why)));
	json_decref(rules);
	rules = json_loads("[{\"apiGroups\": [\"apps\"], \"resources\": [\"*\"], \"verbs\": "
			   "[\"*\"]}, {\"nonResourceURLs\": [\"*\"], \"verbs\": [\"*\"]}]",
			   0, &error);
	assert_false(kubernetes_rbac_admin_reason(rules, true, why, sizeof(why)));
	json_decref(rules);
}

/* Dropped one by one, the runtime's defaults are named as they are: none kept, or which. */
static void test_capabilities_dropped_by_name(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("capabilities-by-name.yaml"));
	const char *caps = "k8s.pod.capabilities";
	const char *drop = "/spec/containers/0/securityContext/capabilities/drop";
	const struct probe_result *x =
		expect_result(r, caps, "pod shop/every-default container app", PROBE_FAIL, drop,
			      "drops the runtime's default capabilities by name, not ALL");
	assert_null(strstr(x->detail, "it keeps"));
	expect_result(r, caps, "pod shop/most-defaults container app", PROBE_FAIL, drop,
		      "it keeps the runtime's default NET_RAW, AUDIT_WRITE");
}

/* ------------------------------------------------------------------ service accounts */

static void test_service_account_decides_when_pod_is_silent(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("service-accounts"));
	const char *token = "k8s.pod.service-account-token";
	expect_result(r, token, "pod shop/sa-off", PROBE_PASS, "/spec",
		      "ServiceAccount shop/quiet sets it to false");
	expect_result(r, token, "pod shop/sa-on", PROBE_FAIL, "/spec",
		      "ServiceAccount shop/chatty sets automountServiceAccountToken: true");
	expect_result(r, token, "pod shop/sa-unset", PROBE_FAIL, "/spec",
		      "neither the pod nor its ServiceAccount shop/plain");
	expect_result(r, token, "pod shop/sa-missing", PROBE_FAIL, "/spec",
		      "ServiceAccount shop/elsewhere is not in the evidence");
	/* The pod's own value overrides its ServiceAccount's, either way. */
	expect_result(r, token, "pod shop/pod-off", PROBE_PASS,
		      "/spec/automountServiceAccountToken", "not mounted");
	expect_result(r, token, "pod shop/pod-on", PROBE_FAIL, "/spec/automountServiceAccountToken",
		      "is true");
	expect_result(r, token, "pod shop/legacy-field", PROBE_PASS, NULL, "shop/quiet");
	expect_result(r, token, "pod shop/default-account", PROBE_PASS, NULL, "shop/default");
	expect_result(r, token, "pod payments/other-namespace", PROBE_FAIL, NULL,
		      "ServiceAccount payments/quiet is not in the evidence");
	/* ServiceAccounts are read, not judged on their own. */
	assert_int_equal(count_results(r, "k8s.object.not-judged"), 0);
	assert_int_equal(r->unrecognized_count, 0);
}

/* ------------------------------------------------------------------ seccomp annotations */

static void test_seccomp_annotations_follow_the_version(void **state)
{
	const char *annotations = "/spec/template/metadata/annotations/";
	char at[256];
	/* No version in the evidence: the annotations have had no effect since v1.27. */
	struct probe_results *r = run_fixture(state, K8S("seccomp-annotations/workloads.yaml"));
	snprintf(at, sizeof(at), "%sseccomp.security.alpha.kubernetes.io~1pod", annotations);
	expect_result(r, "k8s.pod.seccomp", "deployment shop/annotated container app", PROBE_FAIL,
		      at,
		      "set only by annotation seccomp.security.alpha.kubernetes.io/pod, "
		      "ignored since Kubernetes v1.27");
	expect_result(r, "k8s.pod.seccomp", "deployment shop/annotated container fielded",
		      PROBE_PASS, NULL, "RuntimeDefault");
	/* With `kubectl version` saying 1.26, the API server still copies them into the fields. */
	r = run_fixture(state, K8S("seccomp-annotations"));
	expect_result(r, "k8s.pod.seccomp", "deployment shop/annotated container app", PROBE_PASS,
		      at, "still honoured by the cluster's Kubernetes 1.26");
	snprintf(at, sizeof(at), "%scontainer.seccomp.security.alpha.kubernetes.io~1sidecar",
		 annotations);
	expect_result(r, "k8s.pod.seccomp", "deployment shop/annotated container sidecar",
		      PROBE_FAIL, at, "unconfined");
	expect_result(r, "k8s.pod.seccomp", "deployment shop/annotated container fielded",
		      PROBE_PASS, NULL, "RuntimeDefault");
	assert_int_equal(r->unrecognized_count, 0);
	/* Without kubectl version, the cloud's description of the cluster gives the version. */
	r = run_fixture(state, K8S("seccomp-eks"));
	expect_result(r, "k8s.pod.seccomp", "deployment shop/annotated container app", PROBE_PASS,
		      NULL, "still honoured by the cluster's Kubernetes 1.26");
}

/* ------------------------------------------------------------------ host paths */

static void test_host_paths_read_only_where_it_helps(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("host-paths"));
	const char *path = "k8s.pod.host-path";
	expect_result(r, path, "pod ops/log-writer", PROBE_FAIL, "/spec/volumes/0/hostPath/path",
		      "/var/log (writable): the kubelet follows symlinks");
	expect_result(r, path, "pod ops/log-reader", PROBE_PASS, "/spec",
		      "/var/log/pods read-only");
	expect_result(r, path, "pod ops/log-mixed", PROBE_FAIL, NULL, "/var/log (writable)");
	expect_result(r, path, "pod ops/log-unmounted", PROBE_FAIL, NULL, "/var/log (writable)");
	expect_result(r, path, "pod ops/readers", PROBE_FAIL, "/spec/volumes/0/hostPath/path",
		      "/var/lib/kubelet, /run/containerd/containerd.sock, /dev: the kubelet's "
		      "directory");
	/* /var is no risk itself, but it holds the runtime's and the kubelet's directories. */
	const struct probe_result *x =
		expect_result(r, path, "pod ops/parents", PROBE_FAIL,
			      "/spec/volumes/0/hostPath/path", "host paths /var: /var/lib/");
	assert_null(strstr(x->detail, "zoneinfo"));
	expect_result(r, path, "pod kube-system/pki", PROBE_FAIL, NULL,
		      "/etc/kubernetes/pki: the node's kubeconfigs and PKI keys");
}

/* ------------------------------------------------------------------ every workload shape */

static void test_mixed_list_judges_or_lists_everything(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("mixed"));
	static const char *const workloads[] = {
		"cronjob batch/report",
		"daemonset kube-system/agent",
		"deployment shop/web",
		"job batch/report-28000000",
		"podtemplate ci/runner",
		"replicaset shop/web-7d9f8b6c5d",
		"replicationcontroller shop/legacy",
		"statefulset shop/db",
		"pod shop/debug",
	};
	for (size_t i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!find_result(r, "k8s.pod.host-namespaces", workloads[i]))
			fail_msg("%s was not judged", workloads[i]);
	expect_result(r, "k8s.pod.privileged", "podtemplate ci/runner container runner", PROBE_PASS,
		      "/items/10/template/spec/containers/0", NULL);
	expect_result(r, "k8s.pod.privileged", "statefulset shop/db init container init-db",
		      PROBE_PASS, NULL, NULL);
	expect_result(r, "k8s.pod.privileged", "pod shop/debug ephemeral container debugger",
		      PROBE_FAIL, "/items/12/spec/ephemeralContainers/0/securityContext/privileged",
		      NULL);
	/* Kinds without a check are listed with why, one line per kind and file. */
	expect_result(r, "k8s.object.not-judged", "2 Service objects", PROBE_SKIP, "/items/1",
		      "recognized, not judged: network exposure is judged through NetworkPolicies");
	expect_result(r, "k8s.object.not-judged", "1 HorizontalPodAutoscaler object", PROBE_SKIP,
		      "/items/11", NULL);
	expect_result(r, "k8s.object.not-judged", "1 Rollout object", PROBE_SKIP, "/items/13",
		      "a custom resource");
	assert_int_equal(count_results(r, "k8s.object.not-judged"), 3);
	const struct probe_result *skip =
		find_result(r, "k8s.object.not-judged", "2 Service objects");
	assert_null(skip->controls[0]); /* never moves a cell */
}

/* A template without limits gets its namespace's LimitRange defaults at admission. */
static void test_limit_range_defaults(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("limit-ranges"));
	const char *limits = "k8s.pod.resource-limits";
	expect_result(r, limits, "deployment shop/bare container app", PROBE_PASS,
		      "/spec/template/spec/containers/0",
		      "limits cpu 500m (the default of LimitRange shop/defaults) and memory 256Mi "
		      "(the default of LimitRange shop/defaults)");
	expect_result(r, limits, "deployment shop/cpu-only container app", PROBE_PASS,
		      "/spec/template/spec/containers/0/resources/limits",
		      "limits cpu 250m and memory 256Mi (the default of LimitRange shop/defaults)");
	expect_result(r, limits, "deployment ops/bare container app", PROBE_FAIL, NULL,
		      "no CPU limit");
	/* A running Pod is judged as admitted. */
	expect_result(r, limits, "pod shop/running container app", PROBE_FAIL, NULL,
		      "no CPU or memory limit");
	/* LimitRanges are read, not listed as unjudged. */
	assert_int_equal(count_results(r, "k8s.object.not-judged"), 0);
	assert_int_equal(r->unrecognized_count, 0);
}

/* A kubeconfig and a kustomization file are recognized, each with why it is not judged. */
static void test_client_files_are_listed_not_judged(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("client-files"));
	expect_result(r, "k8s.object.not-judged", "1 Config object", PROBE_SKIP, NULL,
		      "a kubeconfig: client settings, not the cluster's");
	expect_result(r, "k8s.object.not-judged", "1 Kustomization object", PROBE_SKIP, NULL,
		      "judge what `kubectl kustomize` builds from it");
	assert_int_equal(r->unrecognized_count, 0);
	assert_int_equal(count_results(r, "k8s.pod.privileged"), 0);
}

/* ------------------------------------------------------------------ errors */

static void test_unreadable_objects_are_errors(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("error.yaml"));
	for (size_t i = 0; i < sizeof(every_workload_probe) / sizeof(every_workload_probe[0]); i++)
		expect_result(r, every_workload_probe[i], "deployment ops/broken", PROBE_ERROR,
			      "/spec/template/spec", "has no pod template");
	expect_result(r, "k8s.rbac.cluster-admin", "clusterrolebinding half-written", PROBE_ERROR,
		      "", "roleRef");
	expect_result(r, "k8s.rbac.cluster-admin", "clusterrolebinding odd-subjects", PROBE_ERROR,
		      "/subjects", "not a list");
	assert_int_equal(r->unrecognized_count, 0);
}

/* ------------------------------------------------------------------ a pod list */

static void test_pod_list_reports_per_controller(void **state)
{
	struct probe_results *r = run_fixture(state, K8S("pods.json"));
	/* The ReplicaSet's second pod (privileged, a changed copy) is not checked again. */
	const char *api = "deployment shop/web container api";
	expect_result(r, "k8s.pod.privileged", api, PROBE_PASS, "/items/0/spec/containers/0", NULL);
	size_t web = 0;
	for (size_t i = 0; i < r->count; i++) {
		assert_null(strstr(r->items[i].pointer, "/items/1/"));
		web += !strcmp(r->items[i].subject, api);
	}
	assert_int_equal(web, 10); /* 9 Kubernetes checks + the image scan coverage check */
	/* A live pod shows what admission did: the token mount is the evidence. */
	expect_result(r, "k8s.pod.service-account-token", "deployment shop/web", PROBE_FAIL,
		      "/items/0/spec/containers/0/volumeMounts/0", "is mounted at");
	expect_result(r, "k8s.pod.service-account-token", "daemonset kube-system/agent", PROBE_PASS,
		      "/items/2/spec", "service account disables");
	expect_result(r, "k8s.pod.resource-limits", "daemonset kube-system/agent container agent",
		      PROBE_PASS, "/items/2/spec/containers/0/resources/limits", "cpu 100m");
	/* A ReplicaSet whose name is not Deployment + hash is shown as itself. */
	expect_result(r, "k8s.pod.image-pinned", "replicaset shop/cache container redis",
		      PROBE_FAIL, "/items/4/spec/containers/0/image", "redis:7");
	/* Ephemeral containers are checked, except for limits they may not set. */
	expect_result(r, "k8s.pod.privileged", "pod shop/debug ephemeral container debugger",
		      PROBE_FAIL, "/items/3/spec/ephemeralContainers/0/securityContext/privileged",
		      NULL);
	assert_null(find_result(r, "k8s.pod.resource-limits",
				"pod shop/debug ephemeral container debugger"));
	expect_result(r, "k8s.namespace.default-deny-ingress", "namespace shop", PROBE_FAIL,
		      "/items/0", NULL);
	expect_result(r, "k8s.namespace.pod-security", "namespace kube-system", PROBE_ERROR,
		      "/items/2", NULL);
}

/* ------------------------------------------------------------------ trusted registries */

static void test_trusted_registries(void **state)
{
	struct probe_fixture *f = *state;
	static const char *const trusted[] = {"registry.example.com/shop", "docker.io/library",
					      "*.dkr.ecr.eu-west-1.amazonaws.com"};
	f->settings.trusted_registries = trusted;
	f->settings.trusted_registry_count = 3;
	struct probe_results *r = run_fixture(state, K8S("pass"));
	expect_result(r, "k8s.pod.trusted-registry", "deployment shop/web container api",
		      PROBE_PASS, "/spec/template/spec/containers/0/image",
		      "registry.example.com/shop");
	r = run_fixture(state, K8S("fail"));
	/* A Docker Hub short name means docker.io/library/nginx. */
	expect_result(r, "k8s.pod.trusted-registry", "deployment shop/legacy container app",
		      PROBE_PASS, NULL, "docker.io/library");
	expect_result(r, "k8s.pod.trusted-registry", "cronjob batch/report container run",
		      PROBE_FAIL, "/spec/jobTemplate/spec/template/spec/containers/0/image",
		      "comes from ghcr.io, which is not in trusted_registries");
	expect_result(r, "k8s.pod.trusted-registry", "daemonset kube-system/agent container agent",
		      PROBE_FAIL, NULL, "quay.io");
	f->settings.trusted_registries = NULL;
	f->settings.trusted_registry_count = 0;
}

static void test_image_references(void **state)
{
	(void)state;
	struct kubernetes_image ref;
	assert_int_equal(kubernetes_image_parse("nginx", &ref), 0);
	assert_string_equal(ref.registry, "docker.io");
	assert_string_equal(ref.name, "docker.io/library/nginx");
	assert_string_equal(ref.tag, "");
	assert_int_equal(kubernetes_image_parse("acme/app:1.2", &ref), 0);
	assert_string_equal(ref.name, "docker.io/acme/app");
	assert_string_equal(ref.tag, "1.2");
	assert_int_equal(kubernetes_image_parse("localhost:5000/app:dev", &ref), 0);
	assert_string_equal(ref.registry, "localhost:5000");
	assert_string_equal(ref.name, "localhost:5000/app");
	assert_string_equal(ref.tag, "dev");
	assert_int_equal(kubernetes_image_parse("Index.Docker.IO/library/redis@sha256:abc", &ref),
			 0);
	assert_string_equal(ref.registry, "docker.io");
	assert_string_equal(ref.digest, "sha256:abc");
	assert_string_equal(ref.tag, "");
	assert_int_equal(kubernetes_image_parse("ghcr.io/a/b/c:v1@sha256:def", &ref), 0);
	assert_string_equal(ref.name, "ghcr.io/a/b/c");
	assert_string_equal(ref.tag, "v1");
	assert_string_equal(ref.digest, "sha256:def");
	assert_int_equal(kubernetes_image_parse("", &ref), -1);
	assert_int_equal(kubernetes_image_parse("nginx:", &ref), -1);
	assert_int_equal(kubernetes_image_parse("nginx@", &ref), -1);
	assert_int_equal(kubernetes_image_parse("nginx@sha256:", &ref), -1);
	assert_int_equal(kubernetes_image_parse("two words", &ref), -1);

	static const char *const entries[] = {"https://ghcr.io/acme/", "quay.io", "*.azurecr.io"};
	assert_int_equal(kubernetes_image_parse("ghcr.io/acme/api:1", &ref), 0);
	assert_string_equal(kubernetes_image_trusted(&ref, entries, 3), "https://ghcr.io/acme/");
	assert_int_equal(kubernetes_image_parse("ghcr.io/acmecorp/api:1", &ref), 0);
	assert_null(kubernetes_image_trusted(&ref, entries, 3));
	assert_int_equal(kubernetes_image_parse("shop.azurecr.io/api:1", &ref), 0);
	assert_string_equal(kubernetes_image_trusted(&ref, entries, 3), "*.azurecr.io");
	assert_int_equal(kubernetes_image_parse("azurecr.io/api:1", &ref), 0);
	assert_null(kubernetes_image_trusted(&ref, entries, 3));
}

static void test_sensitive_host_paths(void **state)
{
	(void)state;
	char normal[256];
	assert_true(kubernetes_sensitive_host_path("/", normal, sizeof(normal)));
	assert_true(kubernetes_sensitive_host_path("//etc//", normal, sizeof(normal)));
	assert_string_equal(normal, "/etc");
	assert_true(
		kubernetes_sensitive_host_path("/data/../etc/kubernetes", normal, sizeof(normal)));
	assert_string_equal(normal, "/etc/kubernetes");
	assert_true(kubernetes_sensitive_host_path("/var", normal, sizeof(normal)));
	assert_true(kubernetes_sensitive_host_path("/run/containerd/containerd.sock", normal,
						   sizeof(normal)));
	const struct kubernetes_host_path_risk *risk =
		kubernetes_host_path_risk("/var/log/pods", normal, sizeof(normal));
	assert_non_null(risk);
	assert_string_equal(risk->path, "/var/log");
	assert_true(risk->read_only_helps);
	risk = kubernetes_host_path_risk("/var", normal, sizeof(normal));
	assert_false(risk->read_only_helps); /* it holds the kubelet's directory, not only logs */
	risk = kubernetes_host_path_risk("/etc/kubernetes/pki", normal, sizeof(normal));
	assert_string_equal(risk->path, "/etc/kubernetes");
	assert_false(kubernetes_sensitive_host_path("/var/logs", normal, sizeof(normal)));
	assert_false(kubernetes_sensitive_host_path("/etcetera", normal, sizeof(normal)));
	assert_false(kubernetes_sensitive_host_path("/srv/./data/", normal, sizeof(normal)));
	assert_string_equal(normal, "/srv/data");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hardened_workload_passes),
		cmocka_unit_test(test_insecure_deployment_fails),
		cmocka_unit_test(test_cronjob_template_and_init_container),
		cmocka_unit_test(test_daemonset_adds_all),
		cmocka_unit_test(test_namespaces_and_bindings_fail),
		cmocka_unit_test(test_rbac_resolves_roles_across_files),
		cmocka_unit_test(test_rbac_admin_reasons),
		cmocka_unit_test(test_capabilities_dropped_by_name),
		cmocka_unit_test(test_service_account_decides_when_pod_is_silent),
		cmocka_unit_test(test_seccomp_annotations_follow_the_version),
		cmocka_unit_test(test_host_paths_read_only_where_it_helps),
		cmocka_unit_test(test_mixed_list_judges_or_lists_everything),
		cmocka_unit_test(test_client_files_are_listed_not_judged),
		cmocka_unit_test(test_limit_range_defaults),
		cmocka_unit_test(test_unreadable_objects_are_errors),
		cmocka_unit_test(test_pod_list_reports_per_controller),
		cmocka_unit_test(test_trusted_registries),
		cmocka_unit_test(test_image_references),
		cmocka_unit_test(test_sensitive_host_paths),
	};
	return cmocka_run_group_tests(tests, probe_fixture_setup, probe_fixture_teardown);
}
