/*
 * Generates a `kubectl get pods -A -o json` style List of COUNT pods for
 * bench/k8s.sh, pretty-printed the way kubectl prints (4-space indent,
 * members in sorted order). The estate is shaped like a large cluster:
 * 1,000 nodes, DaemonSet pods on every node, Deployments with 1-25
 * replicas, StatefulSets, CronJob runs and a few bare pods, with the mix of
 * hardened and careless security contexts, sidecars, init containers,
 * hostPath volumes and plain-text env values a real estate has.
 * With --bare, no controller owns any pod (CI runners, pods an operator
 * made, one-off batch pods), so every pod is its own workload and is
 * checked on its own: the case where results grow with the pod count.
 * Deterministic: the same arguments give the same bytes.
 *
 * usage: gen_pods COUNT [--bare] > pods.json
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NODES	   1000
#define NAMESPACES 200

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint64_t next_random(void)
{
	/* xorshift64*: deterministic and fast; quality is irrelevant here */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next_random() % n);
}

/* ---------------------------------------------------------------- a tiny pretty-printer */

static int depth;
static bool first_member[64];

static void indent(void)
{
	for (int i = 0; i < depth; i++)
		fputs("    ", stdout);
}

/* Starts a member (key may be NULL inside arrays). */
static void member(const char *key)
{
	if (!first_member[depth])
		fputs(",\n", stdout);
	else if (depth)
		fputs("\n", stdout);
	first_member[depth] = false;
	indent();
	if (key)
		printf("\"%s\": ", key);
}

static void open_(const char *key, char bracket)
{
	if (depth)
		member(key);
	putchar(bracket);
	depth++;
	first_member[depth] = true;
}

static void close_(char bracket)
{
	bool empty = first_member[depth];
	depth--;
	if (!empty) {
		putchar('\n');
		indent();
	}
	putchar(bracket);
}

static void object(const char *key)
{
	open_(key, '{');
}

static void end_object(void)
{
	close_('}');
}

static void array(const char *key)
{
	open_(key, '[');
}

static void end_array(void)
{
	close_(']');
}

static void string(const char *key, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void string(const char *key, const char *format, ...)
{
	member(key);
	putchar('"');
	va_list args;
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('"');
}

static void integer(const char *key, long long value)
{
	member(key);
	printf("%lld", value);
}

static void boolean(const char *key, bool value)
{
	member(key);
	fputs(value ? "true" : "false", stdout);
}

/* ---------------------------------------------------------------- the estate */

enum owner_kind { OWNER_DEPLOYMENT, OWNER_STATEFULSET, OWNER_DAEMONSET, OWNER_JOB, OWNER_NONE };

/* One controller: every pod it creates has the same template. */
struct workload {
	enum owner_kind kind;
	char namespace[32];
	char name[64];
	char owner_name[80]; /* the ReplicaSet, StatefulSet, DaemonSet or Job */
	char hash[16];	     /* pod-template-hash */
	char image[128];
	unsigned posture; /* 0 hardened, 1 partial, 2 careless, 3 privileged agent */
	bool sidecar;
	bool init;
	bool secret_env;
	bool host_path;
	bool host_network;
};

static const char *const apps[] = {
	"api",	    "web",    "worker",	 "cart",      "checkout", "search", "catalog",
	"payments", "auth",   "gateway", "orders",    "billing",  "notify", "ledger",
	"reports",  "ingest", "export",	 "scheduler", "profile",  "media",  "pricing",
};
static const char *const registries[] = {
	"123456789012.dkr.ecr.eu-west-1.amazonaws.com",
	"ghcr.io/acme",
	"docker.io/library",
	"quay.io/acme",
	"registry.internal.acme.com",
};
static const char *const daemonsets[][3] = {
	{"kube-system", "aws-node",
	 "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.3"},
	{"kube-system", "kube-proxy",
	 "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.0"},
	{"kube-system", "ebs-csi-node", "public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.31.0"},
	{"logging", "fluent-bit", "cr.fluentbit.io/fluent/fluent-bit:3.0.4"},
	{"monitoring", "node-exporter", "quay.io/prometheus/node-exporter:v1.8.1"},
	{"security", "falco", "docker.io/falcosecurity/falco-no-driver:0.38.0"},
};
#define DAEMONSET_COUNT (sizeof(daemonsets) / sizeof(daemonsets[0]))

static void random_hex(char *out, size_t length)
{
	static const char digits[] = "bcdfghjklmnpqrstvwxz2456789";
	for (size_t i = 0; i < length; i++)
		out[i] = digits[pick(sizeof(digits) - 1)];
	out[length] = '\0';
}

static void image_for(struct workload *w, const char *app)
{
	const char *registry = registries[pick(sizeof(registries) / sizeof(registries[0]))];
	unsigned style = pick(10);
	if (style < 3)
		snprintf(w->image, sizeof(w->image),
			 "%s/%s@sha256:%016" PRIx64 "%016" PRIx64 "%016" PRIx64 "%016" PRIx64,
			 registry, app, next_random(), next_random(), next_random(), next_random());
	else if (style < 5)
		snprintf(w->image, sizeof(w->image), "%s/%s:latest", registry, app);
	else if (style < 6)
		snprintf(w->image, sizeof(w->image), "%s", app);
	else
		snprintf(w->image, sizeof(w->image), "%s/%s:%u.%u.%u", registry, app, pick(5),
			 pick(30), pick(10));
}

static void resources(unsigned posture)
{
	object("resources");
	if (posture != 2) {
		object("limits");
		string("cpu", "%um", 100 * (1 + pick(10)));
		string("memory", "%uMi", 64u << pick(5));
		end_object();
	}
	end_object();
}

static void security_context(unsigned posture)
{
	if (posture == 2)
		return; /* careless: nothing set */
	object("securityContext");
	if (posture == 3) {
		boolean("privileged", true);
	} else {
		boolean("allowPrivilegeEscalation", false);
		object("capabilities");
		array("drop");
		member(NULL);
		fputs("\"ALL\"", stdout);
		end_array();
		end_object();
		boolean("readOnlyRootFilesystem", posture == 0);
		if (posture == 0) {
			boolean("runAsNonRoot", true);
			integer("runAsUser", 10001);
		}
	}
	end_object();
}

static void token_mount(const char *volume)
{
	object(NULL);
	string("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");
	string("name", "%s", volume);
	boolean("readOnly", true);
	end_object();
}

static void container(const char *name, const char *image, unsigned posture, bool secret_env,
		      bool host_path, const char *volume)
{
	object(NULL);
	if (secret_env) {
		array("env");
		object(NULL);
		string("name", "DB_PASSWORD");
		string("value", "s3cr3t-%06u", pick(1000000));
		end_object();
		end_array();
	}
	string("image", "%s", image);
	string("name", "%s", name);
	resources(posture);
	security_context(posture);
	if (host_path || posture == 2) {
		array("volumeMounts");
		if (host_path) {
			object(NULL);
			string("mountPath", "/host");
			string("name", "host");
			end_object();
		}
		if (posture == 2)
			token_mount(volume);
		end_array();
	}
	end_object();
}

static void pod(const struct workload *w, unsigned index)
{
	char suffix[8], volume[32];
	random_hex(suffix, 5);
	snprintf(volume, sizeof(volume), "kube-api-access-%.5s", suffix);
	unsigned node = pick(NODES);
	object(NULL);
	string("apiVersion", "v1");
	string("kind", "Pod");
	object("metadata");
	object("labels");
	string("app", "%s", w->name);
	if (w->kind == OWNER_DEPLOYMENT)
		string("pod-template-hash", "%s", w->hash);
	end_object();
	if (w->kind == OWNER_STATEFULSET)
		string("name", "%s-%u", w->owner_name, index);
	else if (w->kind == OWNER_NONE)
		string("name", "%s", w->name);
	else
		string("name", "%s-%s", w->owner_name, suffix);
	string("namespace", "%s", w->namespace);
	if (w->kind != OWNER_NONE) {
		static const char *const kinds[] = {"ReplicaSet", "StatefulSet", "DaemonSet",
						    "Job"};
		array("ownerReferences");
		object(NULL);
		string("apiVersion", w->kind == OWNER_JOB ? "batch/v1" : "apps/v1");
		boolean("controller", true);
		string("kind", "%s", kinds[w->kind]);
		string("name", "%s", w->owner_name);
		end_object();
		end_array();
	}
	string("uid", "%08x-%04x-%04x-%04x-%012" PRIx64, (unsigned)next_random(), pick(65536),
	       pick(65536), pick(65536), next_random() & 0xFFFFFFFFFFFFu);
	end_object();

	object("spec");
	array("containers");
	container(w->name, w->image, w->posture, w->secret_env, w->host_path, volume);
	if (w->sidecar)
		container("istio-proxy", "docker.io/istio/proxyv2:1.22.1", 1, false, false, volume);
	end_array();
	if (w->host_network)
		boolean("hostNetwork", true);
	if (w->init) {
		array("initContainers");
		container("migrate", w->image, w->posture, false, false, volume);
		end_array();
	}
	string("nodeName", "ip-10-%u-%u-%u.ec2.internal", node / 250, node % 250, 1 + pick(250));
	if (w->posture == 0) {
		object("securityContext");
		object("seccompProfile");
		string("type", "RuntimeDefault");
		end_object();
		end_object();
	}
	string("serviceAccountName", "default");
	if (!w->host_path) {
		end_object();
		goto status;
	}
	array("volumes");
	if (w->host_path) {
		object(NULL);
		object("hostPath");
		string("path", "%s",
		       (const char *[]){"/var/log", "/", "/var/run/docker.sock", "/proc",
					"/var/lib/kubelet"}[pick(5)]);
		end_object();
		string("name", "host");
		end_object();
	}
	end_array();
	end_object();
status:
	object("status");
	string("phase", w->kind == OWNER_JOB ? "Succeeded" : "Running");
	string("podIP", "10.%u.%u.%u", 100 + pick(50), pick(256), pick(256));
	end_object();
	end_object();
}

static void workload_init(struct workload *w, enum owner_kind kind, unsigned id)
{
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	snprintf(w->namespace, sizeof(w->namespace), "team-%03u", pick(NAMESPACES));
	const char *app = apps[pick(sizeof(apps) / sizeof(apps[0]))];
	snprintf(w->name, sizeof(w->name), "%s-%u", app, id);
	random_hex(w->hash, 10);
	if (kind == OWNER_DEPLOYMENT)
		snprintf(w->owner_name, sizeof(w->owner_name), "%s-%s", w->name, w->hash);
	else if (kind == OWNER_JOB)
		snprintf(w->owner_name, sizeof(w->owner_name), "%s-%u", w->name,
			 29000000 + pick(100000));
	else
		snprintf(w->owner_name, sizeof(w->owner_name), "%s", w->name);
	image_for(w, app);
	/* About 20% hardened, 30% partly, half with nothing set: most clusters look like this. */
	unsigned roll = pick(100);
	w->posture = roll < 20 ? 0 : roll < 50 ? 1 : 2;
	w->sidecar = pick(100) < 15;
	w->init = pick(100) < 10;
	w->secret_env = pick(100) < 8;
	w->host_path = pick(100) < 3;
}

/*
 * A pod nobody owns: a CI runner (half of them, some privileged for
 * docker-in-docker builds), a pod an operator created, or a one-off batch pod.
 */
static void bare_workload_init(struct workload *w, unsigned id)
{
	static const char *const runner_images[] = {
		"registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.0.0",
		"docker.io/library/docker:26-dind",
		"ghcr.io/actions/actions-runner:2.317.0",
		"docker.io/library/maven:3.9-eclipse-temurin-21",
	};
	unsigned roll = pick(10);
	workload_init(w, OWNER_NONE, id);
	char suffix[8];
	random_hex(suffix, 5);
	if (roll < 5) {
		snprintf(w->namespace, sizeof(w->namespace), "ci-runners-%02u", pick(12));
		snprintf(w->name, sizeof(w->name), "runner-%u-project-%u-concurrent-%s", id,
			 pick(3000), suffix);
		snprintf(w->image, sizeof(w->image), "%s", runner_images[pick(4)]);
		if (pick(100) < 20)
			w->posture = 3; /* docker-in-docker */
	} else if (roll < 8) {
		char name[64];
		snprintf(name, sizeof(name), "%s", w->name);
		snprintf(w->name, sizeof(w->name), "%.40s-operated-%s", name, suffix);
	} else {
		char name[64];
		snprintf(name, sizeof(name), "%s", w->name);
		snprintf(w->name, sizeof(w->name), "batch-%.40s-%s", name, suffix);
	}
	snprintf(w->owner_name, sizeof(w->owner_name), "%s", w->name);
}

int main(int argc, char **argv)
{
	bool bare = argc == 3 && !strcmp(argv[2], "--bare");
	long count = argc == 2 || bare ? strtol(argv[1], NULL, 10) : 0;
	if (count <= 0) {
		fprintf(stderr, "usage: gen_pods COUNT [--bare] > pods.json\n");
		return 2;
	}
	unsigned long emitted = 0, id = 0;
	struct workload w;
	printf("{\n    \"apiVersion\": \"v1\",\n    \"items\": [");
	depth = 1;
	first_member[1] = true;
	for (; bare && emitted < (unsigned long)count; emitted++) {
		bare_workload_init(&w, (unsigned)id++);
		pod(&w, 0);
	}
	/* DaemonSets: one pod per node, while the budget lasts (15% at most). */
	for (size_t d = 0; d < DAEMONSET_COUNT; d++) {
		workload_init(&w, OWNER_DAEMONSET, (unsigned)id++);
		snprintf(w.namespace, sizeof(w.namespace), "%s", daemonsets[d][0]);
		snprintf(w.name, sizeof(w.name), "%s", daemonsets[d][1]);
		snprintf(w.owner_name, sizeof(w.owner_name), "%s", daemonsets[d][1]);
		snprintf(w.image, sizeof(w.image), "%s", daemonsets[d][2]);
		w.posture = d < 3 ? 3 : 1; /* node agents: privileged, on the host network */
		w.host_network = d < 3;
		w.host_path = true;
		w.sidecar = w.init = w.secret_env = false;
		for (unsigned n = 0; n < NODES && emitted < (unsigned long)count * 15 / 100;
		     n++, emitted++)
			pod(&w, n);
	}
	while (emitted < (unsigned long)count) {
		unsigned roll = pick(100);
		enum owner_kind kind = roll < 90   ? OWNER_DEPLOYMENT
				       : roll < 94 ? OWNER_STATEFULSET
				       : roll < 98 ? OWNER_JOB
						   : OWNER_NONE;
		workload_init(&w, kind, (unsigned)id++);
		unsigned replicas = kind == OWNER_DEPLOYMENT	? 1 + pick(25)
				    : kind == OWNER_STATEFULSET ? 3
								: 1;
		for (unsigned r = 0; r < replicas && emitted < (unsigned long)count; r++, emitted++)
			pod(&w, r);
	}
	depth = 0;
	printf("\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        "
	       "\"resourceVersion\": \"\"\n    }\n}\n");
	return ferror(stdout) ? 1 : 0;
}
